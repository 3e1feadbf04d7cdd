"""Expansion in the factory: CAR-positive cells on a log axis against the label dose band.

The growth curve is CAR-T blue (solid line, circle markers at the readout points); the label dose
range is a grey band with a dashed edge, named in the legend, so colour is never the only cue.
On a phone the figure is square, with the legend and the note under the axes and fewer ticks.
"""

from __future__ import annotations

from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle

from ..models.expansion import sci
from . import style
from .base import Diagram

X_MAX = 21.0
Y_MIN, Y_MAX = 1e5, 1e12


class GrowthDiagram(Diagram):
    shape = "wide"

    def build(self) -> None:
        fig = self.fig
        self.phone = phone = self.style == "phone"
        self.slides = self.style == "slides"
        if phone:  # square: the legend and the note go under the axes
            fig.set_size_inches(style.figsize("square", "phone"))
        # phone: every text 10 pt or more ("small" would be 9.2 pt there)
        small = 10 if phone else "small"
        self.ax = ax = fig.add_axes([0.17, 0.33, 0.79, 0.54] if phone
                                    else [0.09, 0.19, 0.88, 0.68])
        ax.set_xlim(0, X_MAX)
        ax.set_ylim(Y_MIN, Y_MAX)
        ax.set_yscale("log")
        ax.set_xlabel("days in culture")
        ax.set_ylabel("CAR-positive T cells")
        ax.grid(True, which="major", axis="y", alpha=0.3)
        c = style.COLORS
        self.band = self.dynamic(ax.add_patch(Rectangle((0, 1), X_MAX, 1, fc="#D9D9D9",
                                                         ec=c["text"], ls="--", lw=1)))
        self.curve = self.dynamic(ax.plot([], [], color=c["car_t"], lw=2.5,
                                          ls=style.LINESTYLES["car_t"])[0])
        self.end_line = self.dynamic(ax.axvline(0, color=c["text"], lw=1, ls=":"))
        self.low_pt = self.dynamic(ax.plot([], [], marker="o", ms=9, ls="none",
                                           mfc="white", mec=c["car_t"], mew=2)[0])
        box = dict(fc="white", ec="none", alpha=0.85, pad=1) if phone or self.slides else None
        self.low_label = self.dynamic(ax.text(0, 1, "", fontsize=small, ha="left",
                                              va="top", fontweight="bold", bbox=box))
        self.final_pt = self.dynamic(ax.plot([], [], marker="o", ms=9, ls="none",
                                             color=c["car_t"])[0])
        self.final_label = self.dynamic(ax.text(0, 1, "", fontsize=small, ha="left",
                                                va="bottom", color=c["car_t"],
                                                fontweight="bold", bbox=box))
        handles = [Line2D([], [], color=c["car_t"], lw=2.5, marker="o", mfc="white",
                          mec=c["car_t"], mew=2),
                   Rectangle((0, 0), 1, 1, fc="#D9D9D9", ec=c["text"], ls="--")]
        if phone:
            ax.set_xticks([0, 7, 14, 21])
            ax.set_yticks([10.0 ** k for k in range(5, 13)])
            ax.legend(handles, ["CAR-positive cells (illustrative growth)",
                                "label dose range for this patient"], loc="upper left",
                      bbox_to_anchor=(0.0, 0.235), bbox_transform=fig.transFigure,
                      borderaxespad=0.3, fontsize=small)
            fig.text(0.02, 0.985, "Growing the cells: CAR-positive T cells\n"
                     "in culture vs the label dose", ha="left", va="top", fontweight="bold")
            fig.text(0.02, 0.015, "Growth parameters are ILLUSTRATIVE (not any\n"
                     "product's real process); doses from the product labels.",
                     ha="left", va="bottom", fontsize=small, color=c["neutral"])
            return
        if self.slides:  # whole days: the 16-pt '0.0' would sit on the '10^5' beside it
            ax.set_xticks(range(0, 22, 3))
        ax.legend(handles, ["CAR-positive cells (illustrative growth)",
                            "label dose range for this patient"], loc="upper left",
                  fontsize="small", framealpha=0.95)
        fig.text(0.01, 0.98, "Growing the cells: CAR-positive T cells in culture vs the label dose",
                 ha="left", va="top", fontweight="bold")
        fig.text(0.01, 0.02, "Growth parameters are ILLUSTRATIVE (not any product's real process); "
                 "doses from the product labels.",
                 ha="left", va="bottom", fontsize="small", color=c["neutral"])

    def _place_labels(self, r) -> None:
        if r.day_low_reached is not None:
            self.low_pt.set_data([r.day_low_reached], [r.dose.low_cells])
            self.low_label.set_position((r.day_low_reached + 0.3, r.dose.low_cells / 1.5))
            self.low_label.set_text(f"minimum dose: day {r.day_low_reached:.1f}"
                                    if r.day_low_reached > 0
                                    else "minimum dose: already at the start")
            self.low_pt.set_visible(True)
        else:
            self.low_pt.set_visible(False)
            self.low_label.set_position((0.3, r.dose.low_cells / 1.5))
            self.low_label.set_text("minimum dose not reached")
        x_end = r.days_in_culture
        self.final_pt.set_data([x_end], [r.final_car_cells])
        y_lab = min(max(r.final_car_cells * 1.4, Y_MIN * 3), Y_MAX / 5)
        if self.slides:
            y_lab = self._place_labels_slides(r, y_lab)
        self.final_label.set_position((x_end + 0.3 if x_end < X_MAX - 6 else x_end - 0.3, y_lab))
        self.final_label.set_ha("left" if x_end < X_MAX - 6 else "right")
        self.final_label.set_text(f"harvest ×{r.fold_expansion:,.0f}")

    def _place_labels_slides(self, r, y_lab: float) -> float:
        """The slide's larger labels, placed as on a phone (see there): the dose label turns
        to the left of its point near the right edge, sits above the band when the dose is not
        reached (the harvest label then under its point), and the harvest label stays under
        the legend (x 0.2-9.2 days, 4.2e10-6.6e11 cells). Returns the harvest label's y."""
        missed = r.day_low_reached is None
        x, lo = r.day_low_reached, r.dose.low_cells
        hi = max(r.dose.high_cells, lo * 1.12)
        right = not missed and x > X_MAX - 6.5
        if missed:
            self.low_label.set_position((0.3, min(hi * 1.5, Y_MAX / 8)))
        elif right:
            self.low_label.set_position((x - 0.3, lo / 1.5))
        self.low_label.set_ha("right" if right else "left")
        self.low_label.set_va("bottom" if missed else "top")
        self.low_label.get_bbox_patch().set_visible(right)  # the curve runs under it
        final = r.final_car_cells
        below = missed and final > Y_MIN * 4
        legend = r.days_in_culture < 9.5 and y_lab * 2.8 > 4e10
        if below or legend:
            y_lab = min(final / 1.4, 3.5e10)
        self.final_label.set_va("top" if below or legend else "bottom")
        self.final_label.get_bbox_patch().set_visible(False)
        return y_lab

    def _place_labels_phone(self, r) -> None:
        """The same labels on the narrow phone axes, the dose label on two lines. A label turns
        to the left of its point near the right edge (a white box then keeps it readable over
        the curve). When the dose is not reached its label sits above the band and the harvest
        label under its point, so the two never meet."""
        lo = r.dose.low_cells
        hi = max(r.dose.high_cells, lo * 1.12)
        if r.day_low_reached is not None:
            x = r.day_low_reached
            self.low_pt.set_data([x], [lo])
            right = x > X_MAX - 9
            self.low_label.set_position((x - 0.3 if right else x + 0.3, lo / 1.5))
            self.low_label.set_ha("right" if right else "left")
            self.low_label.set_va("top")
            self.low_label.get_bbox_patch().set_visible(right)  # the curve runs under it
            self.low_label.set_text(f"minimum dose:\nday {x:.1f}" if x > 0
                                    else "minimum dose:\nalready at the start")
            self.low_pt.set_visible(True)
        else:
            self.low_pt.set_visible(False)
            self.low_label.set_position((0.3, min(hi * 1.5, Y_MAX / 8)))
            self.low_label.set_ha("left")
            self.low_label.set_va("bottom")
            self.low_label.get_bbox_patch().set_visible(True)  # over the harvest day's line
            self.low_label.set_text("minimum dose not reached")
        x_end, final = r.days_in_culture, r.final_car_cells
        self.final_pt.set_data([x_end], [final])
        right = x_end > X_MAX - 7
        if r.day_low_reached is None and final > Y_MIN * 4:
            y_lab, va = final / 1.4, "top"
        else:
            y_lab, va = min(max(final * 1.4, Y_MIN * 3), Y_MAX / 5), "bottom"
        self.final_label.set_position((x_end - 0.3 if right else x_end + 0.3, y_lab))
        self.final_label.set_ha("right" if right else "left")
        self.final_label.set_va(va)
        self.final_label.get_bbox_patch().set_visible(right and va == "top")
        self.final_label.set_text(f"harvest ×{r.fold_expansion:,.0f}")

    def update(self, r) -> None:
        d = r.dose
        lo, hi = d.low_cells, d.high_cells
        if hi <= lo * 1.02:  # single-value dose: a thin band around it
            lo, hi = lo / 1.12, hi * 1.12
        self.band.set_bounds(0, lo, X_MAX, hi - lo)
        self.curve.set_data(r.t_days, r.car_cells)
        self.end_line.set_xdata([r.days_in_culture] * 2)
        if self.phone:
            self._place_labels_phone(r)
        else:
            self._place_labels(r)
        reached = ("not reached" if r.day_low_reached is None
                   else f"day {r.day_low_reached:.1f}")
        self.alt = (f"Growth curve of CAR-positive cells from {sci(r.starting_car_cells)} to "
                    f"{sci(r.final_car_cells)} over {r.days_in_culture:g} days; label dose band "
                    f"{sci(d.low_cells)} to {sci(d.high_cells)}; minimum dose reached {reached}.")
