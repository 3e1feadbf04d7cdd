"""Why solid tumours are harder (notebook 06): an illustrative picture with three barriers.

A blood vessel on the left carries CAR-T cells (blue circles); the tumour mass on the right is
made of cells that carry the target (vermillion squares) or lack it (open squares). Each barrier
can be switched on: *trafficking* (few cells leave the vessel and get in), *antigen
heterogeneity* (many tumour cells lack the target), *hostile microenvironment* (suppressive cells
and signals, orange stars, switch arriving CAR-T cells off: drawn as crossed circles). The counts
are illustrative, not data.

On a phone the figure is square: the caption on two lines above the picture and the key on two
lines under it, every text 10 pt or more.
"""

from __future__ import annotations

import numpy as np

from . import style
from .base import Diagram

C = style.COLORS


class SolidTumourDiagram(Diagram):
    shape = "wide"

    def build(self) -> None:
        rng = np.random.default_rng(7)
        self.phone = phone = self.style == "phone"
        if phone:  # square: the caption above and the key under the picture, two lines each
            self.fig.set_size_inches(style.figsize("square", "phone"))
        # phone: every text 10 pt or more ("small" would be 9.2 pt there)
        small = 10 if phone else "small"
        self.ax = ax = self.fig.add_axes([0.01, 0.12, 0.98, 0.76] if phone
                                         else [0.01, 0.07, 0.98, 0.84])
        ax.set_xlim(0, 20)
        ax.set_ylim(0, 9)
        ax.set_axis_off()
        ax.fill_between([0, 3.2], 0, 9, color="#F4D6D6", hatch="\\\\", lw=0)
        if phone:  # the vessel is narrow: its name on two lines
            ax.text(1.6, 8.3, "blood\nvessel", ha="center", fontsize=small,
                    fontweight="bold", linespacing=1.0)
        else:
            ax.text(1.6, 8.6, "blood vessel", ha="center", fontsize="small",
                    fontweight="bold")
        ax.add_patch(__import__("matplotlib.patches", fromlist=["Ellipse"]).Ellipse(
            (12.5, 4.3), 13.5, 8.0, fc=C["light"], ec="black", lw=1.2))
        ax.text(12.5, 8.6, "solid tumour", ha="center", fontsize=small, fontweight="bold")
        # tumour cells on a jittered grid inside the ellipse
        gx, gy = np.meshgrid(np.linspace(7.0, 18.0, 12), np.linspace(1.2, 7.4, 7))
        pts = np.column_stack([gx.ravel(), gy.ravel()]) + rng.normal(0, 0.12, (gx.size, 2))
        inside = ((pts[:, 0] - 12.5) / 6.4) ** 2 + ((pts[:, 1] - 4.3) / 3.7) ** 2 < 1
        self.tumour_xy = pts[inside]
        self.order = rng.permutation(len(self.tumour_xy))
        self.pos = self.dynamic(ax.scatter([], [], s=90, marker="s", c=C["tumour"],
                                           edgecolors="black", linewidths=0.5))
        self.neg = self.dynamic(ax.scatter([], [], s=90, marker="s", facecolors="white",
                                           edgecolors=C["tumour"], linewidths=1.2))
        self.vessel_cells = rng.uniform([0.4, 0.4], [2.8, 8.2], (30, 2))
        self.in_vessel = self.dynamic(ax.scatter([], [], s=70, marker="o", c=C["car_t"],
                                                 edgecolors="black", linewidths=0.5))
        self.infiltrating_xy = self.tumour_xy[rng.permutation(len(self.tumour_xy))] + [0.35, 0.3]
        self.active = self.dynamic(ax.scatter([], [], s=70, marker="o", c=C["car_t"],
                                              edgecolors="black", linewidths=0.5))
        self.blocked = self.dynamic(ax.scatter([], [], s=70, marker="X", c=C["neutral"],
                                               edgecolors="black", linewidths=0.5))
        self.tme_xy = rng.uniform([7.5, 1.0], [17.5, 7.5], (14, 2))
        self.tme = self.dynamic(ax.scatter([], [], s=160, marker="*", c=C["cytokine"],
                                           edgecolors="black", linewidths=0.5))
        # two cached texts, so a change redraws only the half of the caption that changed
        # (on a phone one above the other)
        self.caption = self.dynamic(self.fig.text(0.01, 0.985, "", va="top", fontsize=small,
                                                  fontweight="bold"))
        self.caption2 = self.dynamic(self.fig.text(*((0.01, 0.94) if phone else (0.52, 0.985)),
                                                   "", va="top", fontsize=small,
                                                   fontweight="bold"))
        if phone:
            self.legend = self.fig.text(0.01, 0.01, "● CAR-T cell   ✖ switched-off CAR-T   "
                                        "★ suppressive signal\n■ tumour cell with target   "
                                        "□ without target", ha="left", va="bottom",
                                        fontsize=small)
            return
        # slides: "small" (14.2 pt; "x-small" came to 10.5 CSS px in a deck)
        self.legend = self.fig.text(0.99, 0.01, "● CAR-T cell   ✖ switched-off CAR-T   "
                                    "■ tumour cell with target   □ without target   "
                                    "★ suppressive signal", ha="right", va="bottom",
                                    fontsize="small" if self.style == "slides" else "x-small")

    def update(self, s) -> None:
        n = len(self.tumour_xy)
        n_pos = int(round(s.antigen_positive_fraction * n))
        idx = self.order
        self.pos.set_offsets(self.tumour_xy[idx[:n_pos]])
        self.neg.set_offsets(self.tumour_xy[idx[n_pos:]] if n_pos < n else np.empty((0, 2)))
        k_in = s.cells_in_tumour
        k_block = s.cells_switched_off
        self.in_vessel.set_offsets(self.vessel_cells[: max(30 - k_in, 4)])
        self.active.set_offsets(self.infiltrating_xy[: k_in - k_block]
                                if k_in - k_block > 0 else np.empty((0, 2)))
        self.blocked.set_offsets(self.infiltrating_xy[k_in - k_block:k_in]
                                 if k_block else np.empty((0, 2)))
        self.tme.set_offsets(self.tme_xy if s.hostile else np.empty((0, 2)))
        first, _, second = s.short.partition("; ")
        self.caption.set_text(first + (";" if second else ""))
        self.caption2.set_text(second)
        self.alt = s.headline
