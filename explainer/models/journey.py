"""The patient journey: a vein-to-vein timeline from about day -60 to day +365.

Day 0 is the CAR-T infusion. Each product's timings (median vein-to-vein time, the lymphodepletion
days, median onset and duration of cytokine release syndrome (CRS) and neurotoxicity, when
response is first assessed) come from ``explainer/data/journey.csv``; every row names its
sources. General timings (how long to stay near the centre, the CAR-T peak) come from
``explainer/data/facts.csv``.

Assumptions, stated plainly: a timeline shows *typical* (median) times for one setting per
product; real patients vary a lot. The lymphodepletion days are one schedule inside the window
the label allows. "Referral and tests" before leukapheresis has no fixed length.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from .. import facts
from ._validate import real

DAY_MIN = -60.0
DAY_MAX = 365.0
LANES = ("patient", "cells", "risks")

__all__ = ["DAY_MIN", "DAY_MAX", "LANES", "Phase", "Timeline", "DayState", "journey_products",
           "timeline", "on_day"]


@dataclass(frozen=True)
class Phase:
    """One bar of the timeline: ``[start_day, end_day)`` in lane ``lane``."""

    key: str
    lane: str
    label: str
    start_day: float
    end_day: float
    text: str

    def contains(self, day: float) -> bool:
        return self.start_day <= day < self.end_day or (
            self.end_day >= DAY_MAX and day == DAY_MAX)


@dataclass(frozen=True)
class Timeline:
    product: str
    generic: str
    setting: str
    v2v_days: float
    v2v_setting: str
    phases: tuple[Phase, ...]
    sources: tuple[str, ...]

    def phase(self, key: str) -> Phase:
        for p in self.phases:
            if p.key == key:
                return p
        raise KeyError(f"no phase {key!r}; phases: {', '.join(p.key for p in self.phases)}")


@dataclass(frozen=True)
class DayState:
    product: str
    day: float
    headline: str
    patient: str
    cells: str
    risks: str
    active: tuple[str, ...]
    #: the phases to highlight: the main patient phase, the cells phase, any risk windows
    highlight: tuple[str, ...] = ()


def journey_products() -> list[str]:
    """Brand names of the products with a sourced journey timeline."""
    return [row["product"] for row in facts.load_table("journey")]


def _num(row: dict, key: str) -> float | None:
    v = row[key].strip()
    return float(v) if v else None


def timeline(product: str) -> Timeline:
    """The timeline of one product (brand or generic name, case-insensitive)."""
    if not isinstance(product, str):  # checked before the cache (unhashable values)
        raise TypeError(f"product name must be a string; got {type(product).__name__} "
                        f"{product!r}")
    return _timeline(facts.product(product).brand)  # KeyError listing known products


@functools.cache
def _timeline(product: str) -> Timeline:
    p = facts.product(product)
    rows = {r["product"]: r for r in facts.load_table("journey")}
    if p.brand not in rows:
        raise ValueError(f"product must be one of {', '.join(rows)} for the journey; "
                         f"got {product!r} (no sourced timeline yet)")
    row = rows[p.brand]
    v2v = _num(row, "v2v_days")
    aph = -round(v2v)
    ld0, ld1 = _num(row, "ld_start_day"), _num(row, "ld_end_day")
    crs0, crs_d = _num(row, "crs_onset_day"), _num(row, "crs_duration_days")
    neu0, neu_d = _num(row, "neuro_onset_day"), _num(row, "neuro_duration_days")
    r0, r1 = _num(row, "response_start_day"), _num(row, "response_end_day")
    stay = facts.fact("stay_near_centre_days").value
    hours = f"{facts.fact('leukapheresis_hours_low').value:g}-" \
            f"{facts.fact('leukapheresis_hours_high').value:g}"
    tmax = facts.fact("tisacel_tmax_days").value
    target = p.target
    phases = [
        Phase("referral", "patient", "referral & tests", DAY_MIN, aph,
              "Referral, eligibility tests and planning. The cancer is still being treated."),
        Phase("leukapheresis", "patient", "leukapheresis", aph, aph + 1,
              f"Leukapheresis: about {hours} hours connected to a machine that spins blood "
              "and keeps the white cells, returning the rest."),
        Phase("waiting", "patient", "waiting (bridging therapy if needed)", aph + 1, ld0,
              "Waiting while the cells are made. Many patients get 'bridging' treatment to keep "
              "the cancer in check."),
        Phase("lymphodepletion", "patient", "chemo", ld0, ld1 + 1,
              f"Lymphodepleting chemotherapy: {row['ld_regimen']}. It clears room for the new "
              "cells."),
        Phase("rest", "patient", "rest", ld1 + 1, 0,
              "Rest days between chemotherapy and infusion."),
        Phase("infusion", "patient", "infusion", 0, 1,
              "Infusion day: the thawed CAR-T cells drip into a vein, like a blood transfusion."),
        Phase("monitoring", "patient", "stay near centre", 1, stay,
              f"Close monitoring: the patient stays near the treatment centre for {stay:g} days "
              "and must not drive."),
        Phase("followup", "patient", "long-term follow-up", stay, DAY_MAX,
              "Long-term follow-up: regular visits, blood counts, infections and antibody levels."),
        Phase("in_body", "cells", "T cells in the blood", DAY_MIN, aph,
              "The T cells are still in the patient's blood."),
        Phase("manufacturing", "cells", "manufacturing & testing", aph, ld0,
              "In the factory: T cells are activated, given the CAR gene by a viral vector, "
              "grown, tested and frozen."),
        Phase("shipped", "cells", "frozen, shipped", ld0, 0,
              "The finished product is frozen and shipped back to the hospital."),
        Phase("expansion", "cells", "expand & kill", 0, 28,
              f"CAR-T cells meet {target} on their targets, multiply and kill. In blood they peak "
              f"around day {tmax:g} (a typical value for tisa-cel in children and young adults)."),
        Phase("persistence", "cells", "contract, then persist", 28, DAY_MAX,
              "Most CAR-T cells die off; a small memory-like pool can stay for months or years."),
    ]
    kind = row["response_kind"]
    response_text = f"Response assessment: {row['response_test']}."
    if kind == "window":
        phases.append(Phase("response_window", "patient", "response checks", r0, r1 + 1,
                            response_text))
    elif kind == "points":
        for i, d in enumerate(sorted({r0, r1})):
            phases.append(Phase("response" if i == 0 else f"response{i + 1}", "patient",
                                "response check", d, d + 1, response_text))
    else:
        raise ValueError(f"journey.csv response_kind must be 'points' or 'window'; got {kind!r}")
    if crs0 is not None and crs_d is not None:
        phases.append(Phase("crs", "risks", "CRS", crs0, crs0 + crs_d,
                            f"Cytokine release syndrome (CRS) most often starts around day "
                            f"{crs0:g} and lasts about {crs_d:g} days (medians)."))
    elif crs0 is not None:
        phases.append(Phase("crs", "risks", "CRS onset", crs0, crs0 + 1,
                            f"Cytokine release syndrome (CRS) most often starts around day "
                            f"{crs0:g} (median); its median duration is not in our sources."))
    if neu0 is not None and neu_d is not None:
        phases.append(Phase("neuro", "risks", "neurotox.", neu0, neu0 + neu_d,
                            f"Neurotoxicity (ICANS) most often starts around day {neu0:g} and "
                            f"lasts about {neu_d:g} days (medians)."))
    return Timeline(product=p.brand, generic=p.generic, setting=row["setting"], v2v_days=v2v,
                    v2v_setting=row["v2v_setting"], phases=tuple(phases), sources=row["sources"])


def on_day(product: str, day: float) -> DayState:
    """What is happening to the patient and their cells on ``day`` (-60 to 365)."""
    day = real("day", day, lo=DAY_MIN, hi=DAY_MAX)
    tl = timeline(product)
    active = [p for p in tl.phases if p.contains(day)]
    by_lane = {lane: [p for p in active if p.lane == lane] for lane in LANES}
    # the most specific patient phase wins (infusion/response over monitoring/follow-up)
    priority = ["infusion", "leukapheresis", "lymphodepletion", "response", "response2", "rest",
                "monitoring", "response_window",
                "waiting", "followup", "referral"]
    patient = sorted(by_lane["patient"], key=lambda p: priority.index(p.key))
    cells = by_lane["cells"]
    risks = by_lane["risks"]
    risk_text = " ".join(p.text for p in risks) if risks else (
        "No CRS or neurotoxicity window at this time (typical medians).")
    head = patient[0].label if patient else ""
    d = int(day) if float(day).is_integer() else day
    when = "infusion day" if d == 0 else (f"day {d:+g}")
    return DayState(product=tl.product, day=day,
                    headline=f"{tl.product}, {when}: {head}",
                    patient=patient[0].text if patient else "",
                    cells=cells[0].text if cells else "",
                    risks=risk_text, active=tuple(p.key for p in active),
                    highlight=tuple(p.key for p in (patient[:1] + cells[:1] + risks)))
