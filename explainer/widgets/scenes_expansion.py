"""Scenes of notebook 03 (expansion): beads switch the T cells on, the culture fills up.

The number of cell icons in the culture bag, on every day, comes from the expansion model
(:func:`explainer.models.expansion.grow`, illustrative growth settings) with its own inputs as
controls: T cells at the start and the doubling time. One icon stands for a "round" number of
CAR-positive cells chosen so that day 10 fills the bag; the figure states the number.
"""

from __future__ import annotations

import functools
import math

import ipywidgets as widgets
import numpy as np

from ..diagrams import scene_activation as scene
from ..models import expansion
from ..models.expansion import sci
from .scene import SceneExplorer

#: Fixed inputs of the model in this scene (the expansion explorer lets you change them).
TRANSDUCTION_PERCENT = 30.0
DAYS_IN_CULTURE = 10.0
REGIMEN, WEIGHT_KG = "Yescarta, LBCL", 70.0


def nice_per_icon(total: float, capacity: int = scene.MAX_ICONS) -> float:
    """The smallest 1, 2 or 5 × 10ᵏ cells per icon with which ``total`` fits in ``capacity``."""
    if not (math.isfinite(total) and total > 0):
        raise ValueError(f"total must be a positive number of cells; got {total!r}")
    need = total / capacity
    k = math.floor(math.log10(need))
    for m in (1, 2, 5, 10):
        v = m * 10.0 ** k
        if v >= need * (1 - 1e-12):
            return v
    return 10.0 ** (k + 1)  # pragma: no cover - the loop always returns


@functools.lru_cache(maxsize=128)
def growth(starting_cells: float, doubling_time_days: float):
    """The model's result for this scene, and the cells per icon."""
    r = expansion.grow(starting_cells=starting_cells, transduction_percent=TRANSDUCTION_PERCENT,
                       doubling_time_days=doubling_time_days, days_in_culture=DAYS_IN_CULTURE,
                       regimen=REGIMEN, weight_kg=WEIGHT_KG)
    return r, nice_per_icon(r.final_car_cells)


def cells_on_day(result, day: float) -> float:
    """CAR-positive cells on ``day``, read from the model's curve (log-linear between points,
    which is exact for the model's steady doubling)."""
    return float(np.exp(np.interp(day, result.t_days, np.log(result.car_cells))))


def _icons(cells: float, per_icon: float) -> int:
    return int(min(scene.MAX_ICONS, round(cells / per_icon)))


@functools.lru_cache(maxsize=128)
def _board(starting_cells: float, doubling_time_days: float):
    r, per = growth(starting_cells, doubling_time_days)
    caps = []
    for day in (4.0, 6.0, 8.0, 10.0):
        c = cells_on_day(r, day)
        n = _icons(c, per)
        icons = ("fewer than one icon" if n == 0 else
                 f"{n}\u00a0icon{'s' if n != 1 else ''}")
        lead = {4.0: "The CAR-T cells divide: one becomes two, two become four. ",
                6.0: "Each division doubles the number. ",
                8.0: "Growth speeds up: more cells, more divisions. ",
                10.0: "Harvest: the beads are taken out with a magnet, the cells washed and "
                      "frozen. "}[day]
        num = sci(c).replace(" ", "\u00a0")  # keep "9.5 × 10⁷" on one line
        caps.append(f"{lead}Day\u00a0{day:g}: about {num} CAR-positive cells ({icons}), doubling "
                    f"every {r.doubling_time_days:g} days.")
    return scene.storyboard(day_captions=caps, transduction_percent=TRANSDUCTION_PERCENT)


class ActivationScene(SceneExplorer):
    """Beads with anti-CD3/anti-CD28 switch T cells on; the culture fills up day by day."""

    title = "Activation and growth"
    diagram_class = scene.ActivationDiagram

    def options(self):
        return {
            "starting_cells": widgets.FloatLogSlider(
                value=5e7, base=10, min=6, max=9, step=0.1,
                description="T cells at start (illustrative):"),
            "doubling_time_days": widgets.FloatSlider(
                value=1.5, min=0.5, max=4.0, step=0.1,
                description="Doubling time, days (illustrative):"),
        }

    def storyboard(self, *, starting_cells: float, doubling_time_days: float):
        return _board(float(starting_cells), float(doubling_time_days))

    def compute(self, **values):
        frame = values.pop(self.frame_control)
        board = self.checked_storyboard(values)
        r, per = growth(float(values["starting_cells"]), float(values["doubling_time_days"]))
        step = board.at(frame)
        c = cells_on_day(r, step["day"])
        n = _icons(c, per)
        dose = r.dose
        if r.day_low_reached is None:
            when = f"not in {r.days_in_culture:g} days"
        elif r.day_low_reached == 0:
            when = "from the start"
        else:
            when = f"day {r.day_low_reached:.1f}"
        dose_icons = dose.low_cells / per
        carrying = step["car"] >= 0.5
        what = "CAR-positive cells" if carrying else "T cells that will take up the CAR gene"
        count = f"{sci(c)} {what}" + (" (fewer than one icon)" if n == 0 and c > 0 else "")
        readout = (f"Started with {sci(r.starting_car_cells)} ({TRANSDUCTION_PERCENT:g}% of "
                   f"{sci(r.starting_car_cells * 100 / TRANSDUCTION_PERCENT)} T cells)\n"
                   f"Minimum dose ({dose.regimen.split(',')[0]}, {dose.weight_kg:g} kg): "
                   f"{sci(dose.low_cells)}, {when}")
        close = ("Resting T cell" if step["blast"] < 0.5 else
                 "Activated T cell (blast)" if step["car"] < 0.5 else
                 "CAR-T cell" if step["split1"] < 0.5 else "CAR-T cells dividing")
        frame = board.at(frame, **values, cells=c, icons=n, per_icon=per,
                         dose_icons=dose_icons if dose_icons >= 1 else None,
                         bag_title=f"one ● = {sci(per)} cells (from the expansion model)",
                         count=count, readout=readout, close_label=close, carrying=carrying)
        return frame.with_settings(self.settings_words(values))
