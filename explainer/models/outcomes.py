"""Notebook 06 helpers: trial look-ups and an *illustrative* solid-tumour barrier model.

``solid_tumour_view`` is a teaching picture, not a published model: with no barrier, 20 CAR-T
cells reach the tumour, every tumour cell carries the target and none are switched off. Each
barrier is applied as a simple, labelled assumption (trafficking: only a quarter of the cells get
in; heterogeneity: the chosen fraction of tumour cells carries the target; hostile
microenvironment: two thirds of the cells that get in are switched off). The real barriers are
described in reviews (e.g. Brown et al. 2021 estimated that delivery of CAR-T cells into tumours
is up to 10,000-fold better in mice than in humans). The barriers are not absolute:
``SOLID_TUMOUR_STATUS`` lists where trials stand (GD2 CAR-T in neuroblastoma and diffuse midline
glioma, the randomised claudin-18.2 trial in gastric cancer), shown beside the picture.
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import facts
from ._validate import boolean, choice, real

__all__ = ["SOLID_TUMOUR_STATUS", "TRIAL_ORDER", "trial_names", "trial_options",
           "randomised_sentence", "hr_text", "SolidView", "solid_tumour_view"]

TRIAL_ORDER = ("ELIANA", "ZUMA-1", "JULIET", "TRANSCEND NHL 001", "ZUMA-2", "KarMMa",
               "CARTITUDE-1", "FELIX", "ZUMA-7", "TRANSFORM", "BELINDA", "KarMMa-3",
               "CARTITUDE-4")


def trial_names() -> list[str]:
    """The pivotal single-arm trials (``trials.csv``), then the randomised trials of CAR-T
    versus standard care (``randomised_trials.csv``), in teaching order."""
    known = {t.name for t in facts.trials()} | {t.name for t in facts.randomised_trials()}
    return [n for n in TRIAL_ORDER if n in known] + sorted(known - set(TRIAL_ORDER))


def trial_options() -> list[tuple[str, str]]:
    """(label, name) for the trial dropdown: randomised trials say so."""
    out = []
    for n in trial_names():
        t = facts.trial(n)
        out.append((f"{n} (randomised, vs standard care)" if t.randomised else n, n))
    return out


def hr_text(x: float) -> str:
    """A hazard ratio as published: 0.4 -> "0.40", 0.356 -> "0.356"."""
    return f"{x:.2f}" if round(x, 2) == x else f"{x:.3f}"


def _months(x: float | None, not_reached: bool = False) -> str:
    if not_reached:
        return "not reached"
    return "not verified" if x is None else f"{x:.1f} months"


def randomised_sentence(t) -> str:
    """One sentence on a randomised trial from its data row (see ``facts.RandomisedTrial``)."""
    hr = ("hazard ratio not verified" if t.hazard_ratio is None else
          f"hazard ratio {hr_text(t.hazard_ratio)}"
          + (f" (95% CI {hr_text(t.hr_ci[0])} to {hr_text(t.hr_ci[1])})" if t.hr_ci else ""))
    verdict = ("positive: CAR-T did better" if t.positive else
               "negative: no benefit over standard care")
    return (f"{t.name} ({t.product} versus standard care, {t.line}, {t.n_randomised} people "
            f"randomised): median {t.endpoint} "
            f"{_months(t.median_months_cart, t.median_not_reached)} with CAR-T versus "
            f"{_months(t.median_months_control)} with standard care; {hr}; {verdict}.")


@dataclass(frozen=True)
class SolidView:
    trafficking: bool
    hostile: bool
    antigen_positive_fraction: float
    cells_in_tumour: int
    cells_switched_off: int
    cells_working: int
    headline: str

    @property
    def short(self) -> str:
        return (f"{self.cells_working} of 20 CAR-T cells working in the tumour; "
                f"{self.antigen_positive_fraction:.0%} of tumour cells visible to them "
                "(illustrative)")


def solid_tumour_view(*, trafficking: bool, hostile: bool,
                      antigen_positive_fraction: float) -> SolidView:
    """Illustrative counts for the solid-tumour diagram (see the module docstring)."""
    trafficking = boolean("trafficking", trafficking)
    hostile = boolean("hostile", hostile)
    f = real("antigen_positive_fraction", antigen_positive_fraction, lo=0, hi=1)
    cells_in = 5 if trafficking else 20
    off = round(cells_in * 2 / 3) if hostile else 0
    working = cells_in - off
    parts = []
    if trafficking:
        parts.append("few CAR-T cells get in")
    if f < 1:
        parts.append(f"{1 - f:.0%} of tumour cells lack the target")
    if hostile:
        parts.append("most arriving CAR-T cells are switched off")
    lead = "no barriers" if not parts else "; ".join(parts)
    head = (lead[0].upper() + lead[1:] + f": {working} working CAR-T cells can reach {f:.0%} "
            "of the tumour (illustrative)")
    return SolidView(trafficking, hostile, f, cells_in, off, working, head)


#: Where CAR-T in solid tumours stands (checked 2026-12-01; docs/research/field_2026_12.md
#: section 4): (text, source keys). "Reported" marks numbers read only in secondary sources.
SOLID_TUMOUR_STATUS = (
    ("No CAR-T product is approved for a solid tumour; the 2024 solid-tumour cell therapies are "
     "TIL (lifileucel, melanoma) and TCR-T (afami-cel, synovial sarcoma).",
     ("kishton_restifo_2024",)),
    ("GD2-CART01 in 27 children with neuroblastoma: response 63%.", ("delbufalo2023_gd2",)),
    ("GD2 CAR-T in diffuse midline glioma: 11 treated, 4 major tumour reductions.",
     ("monje2024_gd2_dmg",)),
    ("Satri-cel (claudin-18.2) in gastric cancer, the first randomised CAR-T trial in a solid "
     "tumour: median progression-free survival 3.25 versus 1.77 months, hazard ratio 0.37 "
     "(reported).", ("qi2025_satricel", "cancernetwork_satricel_2025")),
)


def check_trial(name: str) -> str:
    return choice("trial", name, trial_names())
