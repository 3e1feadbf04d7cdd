"""Notebook 06 helpers: trial look-ups and an *illustrative* solid-tumour barrier model.

``solid_tumour_view`` is a teaching picture, not a published model: with no barrier, 20 CAR-T
cells reach the tumour, every tumour cell carries the target and none are switched off. Each
barrier is applied as a simple, labelled assumption (trafficking: only a quarter of the cells get
in; heterogeneity: the chosen fraction of tumour cells carries the target; hostile
microenvironment: two thirds of the cells that get in are switched off). The real barriers are
described in reviews (e.g. Brown et al. 2021 estimated that delivery of CAR-T cells into tumours
is up to 10,000-fold better in mice than in humans).
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import facts
from ._validate import boolean, choice, real

__all__ = ["TRIAL_ORDER", "trial_names", "SolidView", "solid_tumour_view"]

TRIAL_ORDER = ("ELIANA", "ZUMA-1", "JULIET", "TRANSCEND NHL 001", "ZUMA-2", "KarMMa",
               "CARTITUDE-1")


def trial_names() -> list[str]:
    """The pivotal trials in ``trials.csv`` in teaching order."""
    known = {t.name for t in facts.trials()}
    return [n for n in TRIAL_ORDER if n in known] + sorted(known - set(TRIAL_ORDER))


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


def check_trial(name: str) -> str:
    return choice("trial", name, trial_names())
