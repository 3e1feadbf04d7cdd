"""Transduction: the Poisson distribution of vector copies per cell, and a field of cells.

Left: bars give the share of all cells with 0, 1, 2, ... copies (the last bar is "10 or more");
bars above the illustrative copy-number limit are yellow, right of a dashed line. Right: 400
cells (seeded, so the
same picture for the same settings): untransduced cells are hollow grey circles, transduced
cells filled blue circles (darker = more copies), cells above the limit are yellow squares with
a black edge. Shapes, not only colours, carry the meaning.
"""

from __future__ import annotations

import numpy as np
from matplotlib.colors import to_rgba

from . import style
from .base import Diagram

N_BARS = 11          # 0..9 and "10+"
N_CELLS = 400
_SIDE = 20


def _blues(k: np.ndarray) -> np.ndarray:
    """Light to dark blue with the copy number (1 -> light, >= 6 -> darkest)."""
    light, dark = np.array(to_rgba("#A6D2F0")), np.array(to_rgba(style.COLORS["car_t"]))
    t = np.clip((k - 1) / 5.0, 0, 1)[:, None]
    return light * (1 - t) + dark * t


class TransductionDiagram(Diagram):
    shape = "wide"

    def build(self) -> None:
        c = style.COLORS
        slides = self.style == "slides"
        small = "medium" if slides else "small"
        fig = self.fig
        ax = self.ax = fig.add_axes([0.11, 0.17, 0.41, 0.68])
        ax.set_xlim(-0.6, N_BARS - 0.4)
        ax.set_ylim(0, 1.0)
        ax.set_xticks(range(N_BARS))
        ax.set_xticklabels([str(i) for i in range(N_BARS - 1)] + ["10+"])
        ax.set_xlabel("vector copies in a cell")
        ax.set_ylabel("share of all cells")
        ax.yaxis.set_major_formatter(lambda v, _p: f"{v:.0%}")
        self.bars = [self.dynamic(b) for b in ax.bar(range(N_BARS), np.zeros(N_BARS), width=0.8,
                                                     color=c["car_t"], ec=c["text"])]
        self.bars[0].set_facecolor("white")
        self.bars[0].set_edgecolor(c["neutral"])
        self.limit_line = self.dynamic(ax.axvline(5.5, color=c["text"], ls="--", lw=1.5))
        self.limit_text = self.dynamic(ax.text(5.6, 0.97, "", ha="left", va="top",
                                               fontsize=small))
        # field of cells
        fx = self.fx = fig.add_axes([0.56, 0.04, 0.42, 0.81])
        fx.set_xlim(-1, _SIDE)
        fx.set_ylim(-1, _SIDE)
        fx.set_aspect("equal")
        fx.set_axis_off()
        g = np.arange(N_CELLS)
        self._xy = np.column_stack([g % _SIDE, g // _SIDE]).astype(float)
        ms = 75 if slides else 40
        self.untransduced = self.dynamic(fx.scatter([], [], s=ms, facecolors="none",
                                                    edgecolors=c["neutral"], marker="o"))
        self.transduced = self.dynamic(fx.scatter([], [], s=ms, marker="o", linewidths=0))
        self.above = self.dynamic(fx.scatter([], [], s=ms * 1.2, marker="s",
                                             facecolors=c["highlight"], edgecolors=c["text"],
                                             linewidths=1.2))
        self.heading = self.dynamic(fig.text(0.02, 0.90, "", ha="left", va="bottom",
                                             fontsize=small, fontweight="bold"))
        fig.text(0.985, 0.90, "400 cells: ○ none ● CAR ■ above limit", ha="right",
                 va="bottom", fontsize=small)

    def update(self, v) -> None:
        t = v.transduction
        dist = t.distribution(N_BARS - 1)
        for i, (bar, p) in enumerate(zip(self.bars, dist, strict=False)):
            bar.set_height(p)
            if i:
                bar.set_facecolor(style.COLORS["highlight"] if i > v.vcn_limit
                                  else style.COLORS["car_t"])
        self.heading.set_text(f"{v.vector_label.split()[0]}, MOI {t.moi:g}")
        x = v.vcn_limit + 0.5
        self.limit_line.set_xdata([x, x])
        self.limit_text.set_position((x + 0.1, 0.97))
        self.limit_text.set_text(f"limit {v.vcn_limit}\n(illustrative)")
        copies = v.copies
        zero = copies == 0
        hi = copies > v.vcn_limit
        mid = ~zero & ~hi
        self.untransduced.set_offsets(self._xy[zero])
        self.transduced.set_offsets(self._xy[mid])
        self.transduced.set_facecolors(_blues(copies[mid]))
        self.above.set_offsets(self._xy[hi])
        self.alt = (f"Bar chart of copies per cell at MOI {t.moi:g} and a field of "
                    f"{len(copies)} cells, {int(hi.sum())} above the limit of {v.vcn_limit}.")
