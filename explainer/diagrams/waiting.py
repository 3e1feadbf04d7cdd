"""The wait: vein-to-vein time by product and setting, and how an untreated disease could grow.

Left: one bar per product and setting (median days; a whisker for the range or IQR when the source
gives one). Trial bars are plain, real-world bars hatched, pooled (meta-analysis) bars dotted, and
each bar is labelled, so the setting never depends on colour. The selected bar gets a thick blue
outline. Right: illustrative disease growth during the wait (tumour vermillion, dashed).
On a phone the two panels stack (bars on top, each under a line with its median and name).
"""

from __future__ import annotations

import numpy as np
from matplotlib.patches import Rectangle

from ..models import expansion
from . import style
from .base import Diagram

_HATCH = {"trial": None, "real_world": "//", "pooled": ".."}
_KIND = {"trial": "trial", "real_world": "real world", "pooled": "meta-analysis"}
Y_MAX = 1e3
#: phone rows: the bar sits under its name line (offset and height in row units)
_PHONE_BAR_DY, _PHONE_BAR_H = 0.22, 0.42
_PHONE_NAME_DY = 0.09  # the name line's baseline above the row's centre



def _fold(x: float) -> str:
    """The growth factor as labelled on the curve, in words a student reads ("× 1.8", "× 250",
    "× 3.2 million", "× 410 billion"; beyond that "× 2.5 × 10¹⁴")."""
    if x < 99.95:
        return f"× {x:,.1f}"
    if x < 999_500:
        return f"× {x:,.0f}"
    for scale, word in ((1e6, "million"), (1e9, "billion")):
        v = x / scale
        if v < 999.5:
            return f"× {v:.1f} {word}" if v < 9.95 else f"× {v:.0f} {word}"
    return f"× {expansion.sci(x)}"


class WaitingDiagram(Diagram):
    shape = "tall"

    def build(self) -> None:
        if self.style == "phone":
            self._build_phone()
            return
        self.phone = False
        fig, c = self.fig, style.COLORS
        # slides: the row names, legend and note in "small" (12.7 CSS px in a deck, "x-small"
        # came to 10.5), the bars a little narrower to leave room for the longer names
        slides = self.style == "slides"
        note = "small" if slides else "x-small"
        rows = expansion.v2v_rows()
        self.rows = rows
        ax = self.ax_bar = fig.add_axes([0.345, 0.12, 0.30, 0.76] if slides else
                                        [0.30, 0.12, 0.34, 0.76])
        ys = np.arange(len(rows))[::-1]
        self.ys = ys
        for y, r in zip(ys, rows, strict=True):
            ax.barh(y, r["median_days"], height=0.7, color=c["light"], ec=c["text"], lw=0.8,
                    hatch=_HATCH[r["kind"]])
            if r["spread_low"]:
                ax.plot([float(r["spread_low"]), float(r["spread_high"])], [y, y],
                        color=c["text"], lw=1)
            ax.text(2, y, f"{r['median_days']:g} d", va="center", ha="left",
                    fontsize="small", fontweight="bold",
                    bbox=dict(fc="white", ec="none", pad=0.8))
        ax.set_yticks(ys)
        ax.set_yticklabels([f"{r['product']}\n{r['setting']}" for r in rows], fontsize=note)
        ax.set_xlim(0, 130)
        ax.set_xlabel("median days, leukapheresis → infusion\n(line: range or IQR)",
                      fontsize="small")
        ax.set_ylim(-0.6, len(rows) - 0.4)
        ax.tick_params(axis="y", length=0)
        self.outline = self.dynamic(ax.add_patch(Rectangle((0, 0), 0, 0, fill=False, lw=3,
                                                           ec=c["car_t"])))
        # legend for the setting (hatching)
        handles = [Rectangle((0, 0), 1, 1, fc=c["light"], ec=c["text"], hatch=_HATCH[k])
                   for k in _KIND]
        ax.legend(handles, list(_KIND.values()), loc="upper right", fontsize=note,
                  title="setting", title_fontsize=note, framealpha=0.9)

        ax2 = self.ax_growth = fig.add_axes([0.72, 0.12, 0.26, 0.76])
        ax2.set_yscale("log")
        ax2.set_xlim(0, 150)
        ax2.set_ylim(1, Y_MAX)
        ax2.set_xlabel("days after leukapheresis", fontsize="small")
        ax2.set_ylabel("disease burden (× starting size)", fontsize="small")
        ax2.grid(True, axis="y", alpha=0.3)
        self.curve = self.dynamic(ax2.plot([], [], color=c["tumour"], lw=2.5,
                                           ls=style.LINESTYLES["tumour"])[0])
        self.vline = self.dynamic(ax2.axvline(0, color=c["car_t"], lw=2))
        self.point = self.dynamic(ax2.plot([], [], marker=style.MARKERS["tumour"], ms=10,
                                           color=c["tumour"], ls="none", mec=c["text"])[0])
        self.point_label = self.dynamic(ax2.text(0, 1, "", fontsize="small", ha="left",
                                                 va="bottom", fontweight="bold",
                                                 bbox=dict(fc="white", ec="none", alpha=0.85,
                                                           pad=1)))
        self.inf_label = self.dynamic(ax2.text(0, Y_MAX / 1.6, "infusion", fontsize="small",
                                               color=c["car_t"], ha="left", va="top",
                                               fontweight="bold"))
        fig.text(0.01, 0.985, "The wait for the cells, and what it can mean", ha="left",
                 va="top", fontweight="bold")
        fig.text(0.72, 0.905, "Illustrative: untreated disease\nwith a constant doubling time",
                 ha="left", va="bottom", fontsize=note, color=c["neutral"])

    def _build_phone(self) -> None:
        """The phone figure: the bars on top, each under a line with its median and name (no
        label column), the growth panel under them; every text 10 pt or more."""
        self.phone = True
        fig, c = self.fig, style.COLORS
        fig.set_size_inches(4.8, 6.4)  # the tallest phone figure: two panels stacked
        rows = expansion.v2v_rows()
        self.rows = rows
        ax = self.ax_bar = fig.add_axes([0.03, 0.48, 0.94, 0.465])
        ys = np.arange(len(rows))[::-1]
        self.ys = ys
        ax.set_xlim(0, 130)
        ax.set_ylim(-0.6, len(rows) - 0.4)
        renderer = self.canvas.get_renderer()
        medians = []
        for y, r in zip(ys, rows, strict=True):
            ax.barh(y - _PHONE_BAR_DY, r["median_days"], height=_PHONE_BAR_H, color=c["light"],
                    ec=c["text"], lw=0.8, hatch=_HATCH[r["kind"]])
            if r["spread_low"]:
                ax.plot([float(r["spread_low"]), float(r["spread_high"])],
                        [y - _PHONE_BAR_DY] * 2, color=c["text"], lw=1)
            # the name line: the median in bold, then the product and setting
            medians.append(ax.text(0, y + _PHONE_NAME_DY, f"{r['median_days']:g} d",
                                   va="bottom", ha="left", fontsize=10, fontweight="bold"))
        # the names start in one column, 8 px after the widest median
        right_px = max(t.get_window_extent(renderer).x1 for t in medians) + 8
        name_x = ax.transData.inverted().transform((right_px, 0))[0]
        for y, r in zip(ys, rows, strict=True):
            ax.text(name_x, y + _PHONE_NAME_DY, f"{r['product']}, {r['setting']}", va="bottom",
                    ha="left", fontsize=10)
        ax.set_yticks([])
        ax.spines["left"].set_visible(False)
        ax.set_xticks([0, 30, 60, 90, 120])
        ax.set_xlabel("median days, leukapheresis → infusion (line: range or IQR)",
                      fontsize=10, labelpad=2)
        self.outline = self.dynamic(ax.add_patch(Rectangle((0, 0), 0, 0, fill=False, lw=3,
                                                           ec=c["car_t"])))
        handles = [Rectangle((0, 0), 1, 1, fc=c["light"], ec=c["text"], hatch=_HATCH[k])
                   for k in _KIND]
        fig.legend(handles, list(_KIND.values()), loc="upper left", ncol=3, fontsize=10,
                   title="setting", title_fontsize=10, bbox_to_anchor=(0.02, 0.405),
                   borderaxespad=0, handlelength=2.2, columnspacing=1.4)

        ax2 = self.ax_growth = fig.add_axes([0.19, 0.07, 0.76, 0.215])
        ax2.set_yscale("log")
        ax2.set_xlim(0, 150)
        ax2.set_xticks([0, 50, 100, 150])
        ax2.set_ylim(1, Y_MAX)
        ax2.set_xlabel("days after leukapheresis", fontsize=10, labelpad=2)
        ax2.set_ylabel("disease burden\n(× starting size)", fontsize=10)
        ax2.grid(True, axis="y", alpha=0.3)
        self.curve = self.dynamic(ax2.plot([], [], color=c["tumour"], lw=2.5,
                                           ls=style.LINESTYLES["tumour"])[0])
        self.vline = self.dynamic(ax2.axvline(0, color=c["car_t"], lw=2))
        self.point = self.dynamic(ax2.plot([], [], marker=style.MARKERS["tumour"], ms=10,
                                           color=c["tumour"], ls="none", mec=c["text"])[0])
        box = dict(fc="white", ec="none", alpha=0.85, pad=1)
        self.point_label = self.dynamic(ax2.text(0, 1, "", fontsize=10, ha="left",
                                                 va="bottom", fontweight="bold", bbox=box))
        self.inf_label = self.dynamic(ax2.text(0, Y_MAX / 1.6, "infusion", fontsize=10,
                                               color=c["car_t"], ha="left", va="top",
                                               fontweight="bold", bbox=box))
        fig.text(0.02, 0.99, "The wait for the cells, and what it can mean", ha="left",
                 va="top", fontweight="bold")
        fig.text(0.02, 0.30, "Illustrative: untreated disease with a constant doubling time",
                 ha="left", va="bottom", fontsize=10, color=c["neutral"])

    def _update_phone(self, r) -> None:
        i = expansion.v2v_labels().index(r.label)
        y = self.ys[i] - _PHONE_BAR_DY
        self.outline.set_bounds(-0.5, y - _PHONE_BAR_H / 2 - 0.04, r.row["median_days"] + 1,
                                _PHONE_BAR_H + 0.08)
        self.curve.set_data(r.t_days, r.burden)
        w = r.wait_days
        self.vline.set_xdata([w, w])
        self.point.set_data([w], [min(r.fold_growth, Y_MAX)])
        self.point_label.set_text(_fold(r.fold_growth))
        # right of the line while the number is low, else left of it (clear of "infusion",
        # which always sits right of the line at the top; the curve is lower on the left)
        left = r.fold_growth > 60 or w > 100
        self.point_label.set_position((w - 3 if left else w + 3,
                                       min(r.fold_growth, Y_MAX / 4) * 1.3))
        self.point_label.set_ha("right" if left else "left")
        self.inf_label.set_x(w + 2)

    def update(self, r) -> None:
        if self.phone:
            self._update_phone(r)
            self.alt = (f"{r.label}: median {r.row['median_days']:g} days; illustrative disease "
                        f"growth {r.fold_growth:,.1f}-fold by infusion.")
            return
        i = expansion.v2v_labels().index(r.label)
        y = self.ys[i]
        self.outline.set_bounds(-0.5, y - 0.42, r.row["median_days"] + 1, 0.84)
        self.curve.set_data(r.t_days, r.burden)
        w = r.wait_days
        self.vline.set_xdata([w, w])
        self.point.set_data([w], [min(r.fold_growth, Y_MAX)])
        self.point_label.set_text(_fold(r.fold_growth))
        self.point_label.set_position((min(w + 3, 118),
                                       min(r.fold_growth, Y_MAX / 4) * 1.3))
        self.inf_label.set_x(w + 2 if w < 110 else w - 2)
        self.inf_label.set_ha("left" if w < 110 else "right")
        self.alt = (f"{r.label}: median {r.row['median_days']:g} days; illustrative disease "
                    f"growth {r.fold_growth:,.1f}-fold by infusion.")
