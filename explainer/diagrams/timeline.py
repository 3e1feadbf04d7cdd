"""The patient-journey timeline: three lanes (patient, cells, risks) from day -60 to day +365.

The x axis is linear before infusion, stretched (x4) over days 0-28 where most happens, and
logarithmic after day 28 so a whole year fits. Bars are labelled directly (colour is never the
only cue; chemotherapy and toxicity bars are also hatched). A marker line shows the chosen day.
On a phone: fewer ticks, bar labels on two lines where that fits, and under the timeline the
names of the bars outlined on the chosen day (most phone bars are too narrow for a label).
"""

from __future__ import annotations

import textwrap

import numpy as np
from matplotlib.patches import Rectangle

from ..models import journey as _journey
from . import style
from .base import Diagram

_STRETCH = 4.0      # x units per day over days 0-28
_LOG_K = 35.0       # x units per e-fold after day 28
_KNEE = 28.0

TICKS = [-60, -45, -30, -14, 0, 7, 14, 21, 28, 90, 180, 365]
#: phone: fewer ticks, each label clear of its neighbours on the 480 px figure
PHONE_TICKS = [-60, -30, 0, 7, 14, 28, 90, 365]


def day_to_x(d):
    """Map days to the axis coordinate (see the module docstring)."""
    d = np.asarray(d, dtype=float)
    out = np.where(d <= 0, d, np.where(d <= _KNEE, d * _STRETCH,
                                       _KNEE * _STRETCH + _LOG_K * np.log(np.maximum(d, 1e-9)
                                                                          / _KNEE)))
    return out if out.ndim else float(out)


_FILL = {
    "referral": (style.COLORS["light"], None), "leukapheresis": (style.COLORS["normal_t"], None),
    "waiting": (style.COLORS["light"], None), "lymphodepletion": (style.COLORS["chemo"], "xx"),
    "rest": (style.COLORS["light"], None), "infusion": (style.COLORS["car_t"], None),
    "monitoring": ("#C9C9C9", None), "response": (style.COLORS["normal_b"], None),
    "response2": (style.COLORS["normal_b"], None),
    "response_window": (style.COLORS["normal_b"], "//"),
    "followup": (style.COLORS["light"], None),
    "in_body": (style.COLORS["normal_t"], None), "manufacturing": ("#D9D9D9", "..."),
    "shipped": ("#D9D9D9", None), "expansion": (style.COLORS["car_t"], None),
    "persistence": ("#7FB3D5", None),
    "crs": (style.COLORS["cytokine"], ".."), "neuro": (style.COLORS["highlight"], "//"),
}
_LANE_Y = {"patient": 2.0, "cells": 1.0, "risks": 0.0}
_LANE_NAME = {"patient": "Patient", "cells": "Their cells", "risks": "Side-effect\nwindows"}
_PHONE_LANE_NAME = {"patient": "Patient", "cells": "Cells", "risks": "Side\neffects"}
_DARK = {"lymphodepletion", "infusion", "expansion", "leukapheresis", "in_body"}


class JourneyTimeline(Diagram):
    shape = "wide"

    def build(self) -> None:
        fig = self.fig
        self.phone = phone = self.style == "phone"
        if phone:  # portrait: under the timeline, the names of the outlined bars
            fig.set_size_inches(4.8, 5.6)
        self.ax = ax = fig.add_axes([0.16, 0.321, 0.80, 0.536] if phone
                                    else [0.13, 0.16, 0.84, 0.62])
        ax.set_xlim(day_to_x(_journey.DAY_MIN), day_to_x(_journey.DAY_MAX))
        ax.set_ylim(-0.6, 2.9)
        ax.set_yticks([_LANE_Y[k] for k in _journey.LANES])
        ax.set_yticklabels([(_PHONE_LANE_NAME if phone else _LANE_NAME)[k]
                            for k in _journey.LANES])
        ticks = PHONE_TICKS if phone else TICKS
        ax.set_xticks(day_to_x(ticks))
        ax.set_xticklabels([f"{t:+d}" if t else "0" for t in ticks])
        ax.tick_params(axis="y", length=0)
        ax.spines["left"].set_visible(False)
        ax.set_xlabel("days from infusion (day 0)\nlog scale after day 28" if phone else
                      "days from infusion (day 0)   ·   log scale after day 28")
        top = (2.62 + 0.6) / 3.5 if phone else 1  # phone: lines end under the day label
        ax.axvline(0, ymax=top, color=style.COLORS["text"], lw=1, ls=":")
        self._bars: list = []
        self._product = None
        # dynamic: marker line, marker head, day label, outlines of the active bars
        self.marker = self.dynamic(ax.axvline(0, ymax=top, color=style.COLORS["text"],
                                              lw=2.5))
        self.head = self.dynamic(ax.plot([0], [2.62], marker="v", ms=14,
                                         color=style.COLORS["text"], clip_on=False)[0])
        self.day_label = self.dynamic(ax.text(0, 2.78, "", ha="center", va="bottom",
                                              fontweight="bold", clip_on=False),
                                      cache_text=True)  # above the lanes: static background
        self.outlines = [self.dynamic(ax.add_patch(Rectangle((0, 0), 0, 0, fill=False,
                                                             lw=3, ec=style.COLORS["text"])))
                         for _ in range(5)]
        self.title = fig.suptitle("", x=0.01 if not phone else 0.02, ha="left", y=0.99,
                                  va="top", fontsize="medium", fontweight="bold")
        self.now: dict = {}
        if phone:
            # the outlined bars, named: on a phone most bars are too narrow for their label
            fig.text(0.02, 0.170, "Outlined on this day:", ha="left", va="bottom",
                     fontsize=10, fontweight="bold", color=style.COLORS["neutral"])
            for i, lane in enumerate(_journey.LANES):
                y = 0.128 - i * 0.042
                fig.text(0.02, y, _PHONE_LANE_NAME[lane].replace("\n", " "), ha="left",
                         va="baseline", fontsize=10, fontweight="bold")
                self.now[lane] = self.dynamic(fig.text(0.26, y, "", ha="left", va="baseline",
                                                       fontsize=10))

    @staticmethod
    def _row(ph) -> tuple[float, float]:
        """Centre and half-height of a phase's bar (the two risk windows get a row each)."""
        if ph.key == "crs":
            return 0.18, 0.15
        if ph.key == "neuro":
            return -0.18, 0.15
        if ph.key == "response_window":  # a period of repeated checks: a strip above the bar
            return 2.43, 0.09
        return _LANE_Y[ph.lane], 0.32

    def _draw_product(self, tl) -> None:
        for artist in self._bars:
            artist.remove()
        self._bars = []
        ax = self.ax
        renderer = self.canvas.get_renderer()
        for ph in tl.phases:
            x0, x1 = day_to_x(ph.start_day), day_to_x(ph.end_day)
            y, half = self._row(ph)
            colour, hatch = _FILL.get(ph.key, (style.COLORS["light"], None))
            rect = ax.add_patch(Rectangle((x0, y - half), x1 - x0, 2 * half, fc=colour,
                                          ec="white", lw=1, hatch=hatch))
            self._bars.append(rect)
            txt = ax.text((x0 + x1) / 2, y, ph.label, ha="center", va="center",
                          color="white" if ph.key in _DARK else style.COLORS["text"],
                          fontsize=10 if self.phone else "small", clip_on=True)
            # direct label only where it fits; narrow bars are named by the marker's text
            bb = txt.get_window_extent(renderer)
            px = ax.transData.transform([(x0, y - half), (x1, y + half)])
            width, height = px[1] - px[0]
            if self.phone and bb.width > width - 4 and " " in ph.label:
                # a phone bar is narrow: try the label on two lines
                two = textwrap.fill(ph.label, width=max(len(ph.label) // 2 + 1, 6))
                if two.count("\n") == 1:
                    txt.set_text(two)
                    bb = txt.get_window_extent(renderer)
                    if bb.width > width - 4 or bb.height > height - 2:
                        txt.set_text(ph.label)
                        bb = txt.get_window_extent(renderer)
            if bb.width > width - 4 or (self.phone and bb.height > height):
                txt.set_visible(False)
            self._bars.append(txt)
        if self.phone:
            self.title.set_text(f"{tl.product} ({tl.generic})\n{tl.setting}: median "
                                f"{tl.v2v_days:g} days\nfrom leukapheresis to infusion")
        else:
            self.title.set_text(f"{tl.product} ({tl.generic}), {tl.setting}\n"
                                f"median {tl.v2v_days:g} days from leukapheresis to infusion")
        self._product = tl.product
        self.use_background(tl.product)  # each product's static timeline is drawn once

    def update(self, result) -> None:
        tl, state = result.timeline, result.state
        if tl.product != self._product:
            self._draw_product(tl)
        x = day_to_x(state.day)
        self.marker.set_xdata([x, x])
        self.head.set_data([x], [2.62])
        d = state.day
        self.day_label.set_text("infusion (day 0)" if d == 0 else f"day {d:+g}")
        self.day_label.set_x(x)
        lo, hi = self.ax.get_xlim()
        self.day_label.set_ha("left" if x < lo + 0.08 * (hi - lo) else
                              "right" if x > hi - 0.08 * (hi - lo) else "center")
        active = [p for p in tl.phases if p.key in state.highlight]
        slots = (active + [None] * len(self.outlines))[:len(self.outlines)]
        for box, ph in zip(self.outlines, slots, strict=True):
            if ph is None:
                box.set_visible(False)
                continue
            x0, x1 = day_to_x(ph.start_day), day_to_x(ph.end_day)
            y, half = self._row(ph)
            box.set_bounds(x0, y - half - 0.02, x1 - x0, 2 * half + 0.04)
            box.set_visible(True)
        for lane, text in self.now.items():  # phone: the outlined bars, named
            text.set_text(", ".join(p.label for p in active if p.lane == lane)
                          or "outside the typical windows")
        self.alt = (f"Timeline for {tl.product}: leukapheresis on day {-round(tl.v2v_days)}, "
                    f"infusion on day 0; marker on {self.day_label.get_text()}.")
