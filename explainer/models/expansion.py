"""Growing CAR-T cells in the factory, label doses, and the wait for the product.

Two small models for notebook 03:

* ``grow``: exponential growth of CAR-positive T cells in culture. The culture starts with
  ``starting_cells`` T cells; ``transduction_percent`` of them carry the CAR; the cells double every
  ``doubling_time_days``. All of these are **illustrative** teaching parameters: real processes
  differ by product and patient, growth slows near the end of culture, and the facts sheet's
  "7-10 days, 10-100-fold, doubling about 1-1.5 days" is unverified ([M]). Compared with the label
  dose (``explainer/data/doses.csv``, sourced) for a patient of a given weight.
* ``wait``: vein-to-vein times by product and setting (``explainer/data/v2v.csv``, sourced), and
  how much an untreated disease with an **illustrative** doubling time would grow during the wait.
  Real lymphomas and myelomas do not grow at a constant rate, and bridging therapy aims to hold
  them back.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np

from .. import facts
from ._validate import choice, real

__all__ = ["sci", "DoseRange", "GrowthResult", "WaitResult", "regimens", "label_dose", "grow",
           "v2v_rows", "v2v_labels", "wait"]


@dataclass(frozen=True)
class DoseRange:
    regimen: str
    weight_kg: float
    low_cells: float
    high_cells: float
    text: str
    note: str
    sources: tuple[str, ...]


@functools.lru_cache(maxsize=1)
def _dose_rows() -> tuple[dict, ...]:
    return tuple(facts.load_table("doses"))


def regimens() -> list[str]:
    """Product-and-indication names with a label dose (e.g. "Yescarta, LBCL")."""
    return list(dict.fromkeys(r["regimen"] for r in _dose_rows()))


_SUP = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def sci(x: float, digits: int = 2) -> str:
    """A cell number (finite, >= 0) in plain scientific notation, e.g. "1.4 × 10⁸", with at
    most ``digits`` significant figures."""
    x = real("x", x, lo=0.0)
    if x <= 0:
        return "0"
    # formatting does the rounding (9.96e8 -> 1 × 10⁹) and copes with the extremes of the
    # float range (1e-320, 1.8e308)
    mant, exp = f"{x:.{digits - 1}e}".split("e")
    return f"{float(mant):g} × 10" + str(int(exp)).translate(_SUP)


def weight_matters(regimen: str) -> bool:
    """True if the label dose of ``regimen`` depends on body weight (a per-kg dose, or
    different doses in different weight bands); False for one flat dose for everyone."""
    regimen = choice("regimen", regimen, regimens())
    rows = [r for r in _dose_rows() if r["regimen"] == regimen]
    return len(rows) > 1 or any(r["dose_kind"] == "per_kg" for r in rows)


def label_dose(regimen: str, weight_kg: float) -> DoseRange:
    """Label dose range (total CAR-positive viable T cells) for a patient of ``weight_kg``."""
    regimen = choice("regimen", regimen, regimens())
    w = real("weight_kg", weight_kg, lo=5.0, hi=200.0)
    for r in _dose_rows():
        band = float(r["weight_above_kg"]) < w <= float(r["weight_upto_kg"])
        if r["regimen"] == regimen and band:
            lo, hi = float(r["dose_low"]), float(r["dose_high"])
            if r["dose_kind"] == "per_kg":
                cap = float(r["max_total"]) if r["max_total"] else math.inf
                per = (f"{sci(lo)}/kg" if lo == hi else f"{sci(lo)}-{sci(hi)}/kg")
                text = per + (f", at most {sci(cap)}" if cap < math.inf else "")
                lo, hi = min(lo * w, cap), min(hi * w, cap)
            else:
                text = sci(lo) if lo == hi else f"{sci(lo)}-{sci(hi)}"
                text += " cells (flat dose)"
            return DoseRange(regimen, w, lo, hi, text, r["note"], r["sources"])
    raise ValueError(f"no dose row for {regimen!r} at weight_kg={w:g}")  # pragma: no cover


@dataclass(frozen=True)
class GrowthResult:
    t_days: np.ndarray
    car_cells: np.ndarray
    dose: DoseRange
    starting_car_cells: float
    final_car_cells: float
    fold_expansion: float
    day_low_reached: float | None     # first day the minimum label dose is reached (None: never)
    day_high_reached: float | None    # first day the top of the label range is reached
    days_in_culture: float
    doubling_time_days: float


def _day_reached(c0: float, target: float, td: float, days: float) -> float | None:
    if c0 >= target:
        return 0.0
    d = td * math.log2(target / c0)
    return d if d <= days + 1e-9 else None


def grow(*, starting_cells: float = 5e7, transduction_percent: float = 30.0,
         doubling_time_days: float = 1.5, days_in_culture: float = 10.0,
         regimen: str = "Yescarta, LBCL", weight_kg: float = 70.0) -> GrowthResult:
    """Exponential growth of CAR-positive cells, compared with a label dose (illustrative)."""
    n0 = real("starting_cells", starting_cells, lo=1e5, hi=1e11)
    tp = real("transduction_percent", transduction_percent, lo=1.0, hi=100.0)
    td = real("doubling_time_days", doubling_time_days, lo=0.25, hi=10.0)
    days = real("days_in_culture", days_in_culture, lo=1.0, hi=30.0)
    dose = label_dose(regimen, weight_kg)
    c0 = n0 * tp / 100.0
    t = np.linspace(0.0, days, 121)
    cells = c0 * np.exp2(t / td)
    fold = 2.0 ** (days / td)
    return GrowthResult(t_days=t, car_cells=cells, dose=dose, starting_car_cells=c0,
                        final_car_cells=c0 * fold, fold_expansion=fold,
                        day_low_reached=_day_reached(c0, dose.low_cells, td, days),
                        day_high_reached=_day_reached(c0, dose.high_cells, td, days),
                        days_in_culture=days, doubling_time_days=td)


@functools.lru_cache(maxsize=1)
def v2v_rows() -> tuple[dict, ...]:
    """Rows of ``v2v.csv`` sorted by median vein-to-vein time."""
    rows = [dict(r, median_days=float(r["median_days"])) for r in facts.load_table("v2v")]
    return tuple(sorted(rows, key=lambda r: r["median_days"]))


def v2v_labels() -> list[str]:
    """"Product (setting)" labels, shortest wait first."""
    return [f"{r['product']} ({r['setting']})" for r in v2v_rows()]


@dataclass(frozen=True)
class WaitResult:
    label: str
    row: dict
    wait_days: float
    extra_delay_days: float
    disease_doubling_days: float
    fold_growth: float
    doublings: float
    t_days: np.ndarray
    burden: np.ndarray


def wait(*, setting: str, disease_doubling_days: float = 30.0,
         extra_delay_days: float = 0.0) -> WaitResult:
    """How much an untreated disease doubling every ``disease_doubling_days`` (illustrative) would
    grow during the median vein-to-vein time of ``setting`` plus ``extra_delay_days`` (e.g. a
    manufacturing failure and a second attempt)."""
    labels = v2v_labels()
    setting = choice("setting", setting, labels)
    td = real("disease_doubling_days", disease_doubling_days, lo=2.0, hi=365.0)
    extra = real("extra_delay_days", extra_delay_days, lo=0.0, hi=90.0)
    row = v2v_rows()[labels.index(setting)]
    w = row["median_days"] + extra
    t = np.linspace(0.0, 160.0, 161)
    burden = np.exp2(t / td)
    return WaitResult(label=setting, row=row, wait_days=w, extra_delay_days=extra,
                      disease_doubling_days=td, fold_growth=2.0 ** (w / td), doublings=w / td,
                      t_days=t, burden=burden)
