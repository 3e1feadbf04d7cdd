"""Leukapheresis arithmetic: how many CD3+ T cells one collection yields, and how long it takes.

The model is deliberately simple (a mass balance), so every step can be checked by hand:

1. **Total blood volume (TBV)** = body weight x ``ml_per_kg``. The default, 70 mL/kg, is the
   usual adult rule of thumb (85 mL/kg for a child before puberty) from a transfusion-medicine
   teaching note [``zeyd_apheresis_calcs``]. It is an estimate: formulas that use height and sex
   (Nadler) are more accurate, especially for people with obesity.
2. **Litres processed** = TBV x the number of blood volumes processed.
3. **CD3+ cells that pass through the machine** = litres processed x absolute lymphocyte count
   (ALC, cells per microlitre) x the CD3+ fraction of the lymphocytes.
4. **CD3+ cells collected** = cells passing x the collection efficiency (the share of passing
   CD3+ cells that end up in the bag).
5. **Procedure time** = litres processed / the inlet flow rate.

Assumptions, stated plainly: the ALC stays constant during the procedure (in reality
lymphocytes move into the blood from tissues during apheresis, so yields can exceed this
estimate); the flow rate is constant; no time is counted for setting up. Collection efficiency,
flow rate and the CD3+ fraction used as defaults in the explorer are *illustrative*.

Reference lines: the NIH Clinical Center trials in Allen et al. 2017 aimed for at least
0.6 x 10^9 CD3+ cells (minimum) and 2 x 10^9 (target) [``allen_2017_transfusion``]; the UK
national tisagenlecleucel cohort collected a median 2.6 x 10^9 CD3+ cells
(IQR 1.2-4.1 x 10^9) [``uk_tisacel2024``]. These numbers live in ``explainer/data/facts.csv``.
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import facts
from ._validate import real

__all__ = ["Apheresis", "apheresis", "reference_levels", "LIMITS"]

#: Allowed ranges for every argument (name -> (low, high)); lows are inclusive unless noted.
LIMITS = {
    "weight_kg": (10.0, 250.0),
    "blood_volumes_processed": (0.5, 6.0),
    "alc_per_ul": (10.0, 20000.0),
    "cd3_fraction": (0.0, 1.0),          # low end open: a zero fraction collects nothing
    "collection_efficiency": (0.0, 1.0),  # low end open
    "flow_ml_min": (5.0, 200.0),
    "ml_per_kg": (50.0, 110.0),
}


@dataclass(frozen=True)
class Apheresis:
    """The result of one leukapheresis estimate (all inputs are kept for the readouts)."""

    weight_kg: float
    blood_volumes_processed: float
    alc_per_ul: float
    cd3_fraction: float
    collection_efficiency: float
    flow_ml_min: float
    ml_per_kg: float
    total_blood_volume_l: float
    litres_processed: float
    cd3_cells_passing: float
    cd3_cells_collected: float
    procedure_minutes: float
    minimum_cells: float
    target_cells: float

    @property
    def procedure_hours(self) -> float:
        return self.procedure_minutes / 60.0

    @property
    def meets_minimum(self) -> bool:
        return self.cd3_cells_collected >= self.minimum_cells

    @property
    def meets_target(self) -> bool:
        return self.cd3_cells_collected >= self.target_cells

    @property
    def fraction_of_target(self) -> float:
        return self.cd3_cells_collected / self.target_cells


def reference_levels() -> dict[str, float]:
    """Sourced reference CD3+ counts (cells): NIH minimum and target, UK median and IQR."""
    keys = {"minimum": "nih_min_cd3_cells", "target": "nih_target_cd3_cells",
            "uk_median": "uk_tisacel_cd3_median_cells", "uk_q1": "uk_tisacel_cd3_q1_cells",
            "uk_q3": "uk_tisacel_cd3_q3_cells"}
    return {name: facts.fact(key).value for name, key in keys.items()}


def apheresis(*, weight_kg: float, blood_volumes_processed: float, alc_per_ul: float,
              cd3_fraction: float, collection_efficiency: float, flow_ml_min: float,
              ml_per_kg: float = 70.0) -> Apheresis:
    """Estimate one leukapheresis: CD3+ cells collected and procedure time (see module doc).

    Arguments (keyword-only, units in the names): ``weight_kg`` 10-250; ``blood_volumes_processed``
    0.5-6; ``alc_per_ul`` absolute lymphocyte count, 10-20,000 cells per microlitre;
    ``cd3_fraction`` share of lymphocytes that are CD3+ T cells, > 0 and <= 1;
    ``collection_efficiency`` > 0 and <= 1; ``flow_ml_min`` inlet flow 5-200 mL/min;
    ``ml_per_kg`` blood volume per kg, 50-110 (70 for adults).
    """
    lim = LIMITS
    w = real("weight_kg", weight_kg, lo=lim["weight_kg"][0], hi=lim["weight_kg"][1])
    bv = real("blood_volumes_processed", blood_volumes_processed,
              lo=lim["blood_volumes_processed"][0], hi=lim["blood_volumes_processed"][1])
    alc = real("alc_per_ul", alc_per_ul, lo=lim["alc_per_ul"][0], hi=lim["alc_per_ul"][1])
    f3 = real("cd3_fraction", cd3_fraction, lo=0.0, hi=1.0, lo_open=True)
    ce = real("collection_efficiency", collection_efficiency, lo=0.0, hi=1.0, lo_open=True)
    q = real("flow_ml_min", flow_ml_min, lo=lim["flow_ml_min"][0], hi=lim["flow_ml_min"][1])
    mpk = real("ml_per_kg", ml_per_kg, lo=lim["ml_per_kg"][0], hi=lim["ml_per_kg"][1])

    tbv_l = w * mpk / 1000.0
    litres = tbv_l * bv
    passing = litres * 1e6 * alc * f3       # 1 L = 10^6 microlitres
    collected = passing * ce
    minutes = litres * 1000.0 / q
    ref = reference_levels()
    return Apheresis(weight_kg=w, blood_volumes_processed=bv, alc_per_ul=alc, cd3_fraction=f3,
                     collection_efficiency=ce, flow_ml_min=q, ml_per_kg=mpk,
                     total_blood_volume_l=tbv_l, litres_processed=litres,
                     cd3_cells_passing=passing, cd3_cells_collected=collected,
                     procedure_minutes=minutes, minimum_cells=ref["minimum"],
                     target_cells=ref["target"])
