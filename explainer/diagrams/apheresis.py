"""Leukapheresis: a centrifuge chamber with its layers, a collection bag that fills, and a bar
comparing the CD3+ cells collected with sourced reference levels.

Left: the spinning chamber separates blood by density: plasma (light, top), the thin buffy coat
with the lymphocytes (middle; its drawn thickness grows with the lymphocyte count and is
exaggerated so it can be seen), red cells (dense, bottom; hatched). An arrow takes the buffy
coat to the bag, whose fill shows the CD3+ cells collected. Right: the collected cells against
the NIH minimum and target and the UK median with its IQR. Every layer is labelled directly.
On a phone the figure is tall (480 x 600 px): chamber and bag on top, the bar under them.
"""

from __future__ import annotations

from matplotlib.patches import FancyArrowPatch, FancyBboxPatch, Rectangle

from ..models import collection as _collection
from . import style
from .base import Diagram

BAG_MAX = 8e9        # cells that fill the drawn bag (a drawing scale, not a bag capacity)
BAR_MAX = 8e9        # right end of the bar axis
_CH_X, _CH_Y, _CH_W, _CH_H = 6.0, 8.0, 22.0, 44.0     # chamber box (schematic units)
_BAG_X, _BAG_Y, _BAG_W, _BAG_H = 52.0, 10.0, 20.0, 34.0
_SPLIT = 0.45        # drawn red-cell share of the chamber (illustrative haematocrit)


def _sci(x: float) -> str:
    return f"{x / 1e9:.1f} × 10⁹"


class ApheresisDiagram(Diagram):
    """On a phone (``style="phone"``, a tall 480 x 600 px figure) the chamber and the bag sit
    on top, the bar below them, and the title takes two lines."""

    shape = "wide"

    def build(self) -> None:
        fig = self.fig
        c = style.COLORS
        slides = self.style == "slides"
        phone = self._phone = self.style == "phone"
        if phone:
            fig.set_size_inches(style.figsize("tall", "phone"))
        # phone text is never below 10 pt (10.4 CSS px on a 390 px phone)
        small = "medium" if slides else 10 if phone else "small"
        ax = self.ax = fig.add_axes([0.0, 0.40, 1.0, 0.50] if phone else [0.0, 0.02, 0.53, 0.86])
        ax.set_xlim(-3, 80)
        ax.set_ylim(0, 60)
        ax.set_axis_off()
        # chamber: red cells (bottom, hatched), plasma (top)
        split_y = _CH_Y + _SPLIT * _CH_H
        ax.add_patch(Rectangle((_CH_X, _CH_Y), _CH_W, split_y - _CH_Y, fc=c["red_cells"],
                               hatch=style.HATCHES["red_cells"], ec="white", lw=0))
        ax.add_patch(Rectangle((_CH_X, split_y), _CH_W, _CH_Y + _CH_H - split_y,
                               fc=c["plasma"], ec="none"))
        ax.add_patch(FancyBboxPatch((_CH_X, _CH_Y), _CH_W, _CH_H, boxstyle="round,pad=0.6",
                                    fill=False, ec=c["text"], lw=2))
        ax.text(_CH_X + _CH_W / 2, _CH_Y + _CH_H + 3.5, "centrifuge chamber", ha="center",
                va="bottom", fontweight="bold", fontsize=small)
        ax.text(_CH_X + _CH_W / 2, (split_y + _CH_Y + _CH_H) / 2 + 3, "plasma\n(lightest)",
                ha="center", va="center", fontsize=small)
        ax.text(_CH_X + _CH_W / 2, (_CH_Y + split_y) / 2 - 2, "red cells\n(heaviest)",
                ha="center", va="center", color="white", fontsize=small, fontweight="bold",
                bbox=dict(boxstyle="round,pad=0.2", fc=c["red_cells"], ec="none"))
        # buffy coat: dynamic band at the boundary
        self.buffy = self.dynamic(ax.add_patch(Rectangle((_CH_X, split_y), _CH_W, 1.0,
                                                         fc="white", ec=c["normal_t"], lw=1.5)))
        ax.text(_CH_X + _CH_W + 2.5, split_y + 1, "buffy coat:\nwhite cells",
                ha="left", va="bottom", fontsize=small)
        self._split_y = split_y
        # arrow to the bag
        self.arrow = ax.add_patch(FancyArrowPatch((_CH_X + _CH_W + 1.5, split_y - 1),
                                                  (_BAG_X - 1.5, _BAG_Y + _BAG_H * 0.6),
                                                  arrowstyle="-|>", mutation_scale=18, lw=2,
                                                  color=c["normal_t"],
                                                  connectionstyle="arc3,rad=0.25"))
        # slides: a little higher, so its second line stays inside the figure
        ax.text(_CH_X + _CH_W / 2, 6.2 if slides else 5.5,
                "the rest goes back\nto the patient", ha="center", va="top", fontsize=small,
                color=c["text"])
        # bag
        ax.add_patch(FancyBboxPatch((_BAG_X, _BAG_Y), _BAG_W, _BAG_H, boxstyle="round,pad=1.2",
                                    fc="white", ec=c["text"], lw=2))
        ax.add_patch(Rectangle((_BAG_X + _BAG_W / 2 - 1, _BAG_Y + _BAG_H + 1.2), 2, 3,
                               fc=c["text"]))
        ax.text(_BAG_X + _BAG_W / 2, _BAG_Y + _BAG_H + 5, "collection bag", ha="center",
                va="bottom", fontweight="bold", fontsize=small)
        self.fill = self.dynamic(ax.add_patch(Rectangle((_BAG_X, _BAG_Y), _BAG_W, 0,
                                                        fc=c["normal_t"], ec="none")))
        self.bag_text = self.dynamic(ax.text(_BAG_X + _BAG_W / 2, _BAG_Y - 3.0, "",
                                             ha="center", va="top", fontsize=small))
        # bar chart: collected vs reference levels
        ref = _collection.reference_levels()
        # slides: as wide as in the notebook, so the verdict fits beside or in the bar
        bx = self.bx = fig.add_axes([0.25, 0.09, 0.69, 0.21] if phone else
                                    [0.64, 0.2, 0.34, 0.5])
        bx.set_xlim(0, BAR_MAX / 1e9)
        bx.set_ylim(-1.0 if phone else -0.6, 1.6)
        bx.set_yticks([1, 0])
        bx.set_yticklabels(["UK median\n(IQR)", "this\ncollection"])
        bx.tick_params(axis="y", length=0)
        bx.spines["left"].set_visible(False)
        bx.set_xlabel("CD3+ T cells collected (× 10⁹)")
        bx.barh(1, ref["uk_median"] / 1e9, height=0.5, color=c["light"], ec=c["text"])
        bx.plot([ref["uk_q1"] / 1e9, ref["uk_q3"] / 1e9], [1, 1], color=c["text"], lw=2)
        for name, ls, lab in (("minimum", "--", "NIH minimum"), ("target", "-", "NIH target")):
            x = ref[name] / 1e9
            bx.axvline(x, color=c["text"], ls=ls, lw=1.5)
            bx.text(x + (0.1 if name == "target" else -0.1), 1.65, f"{lab}\n{x:g}",
                    ha="left" if name == "target" else "right", va="bottom", fontsize=small,
                    clip_on=False)
        self.bar = self.dynamic(bx.barh(0, 0, height=0.5, color=c["normal_t"],
                                        ec=c["text"])[0])
        # on a phone the verdict gets its own line under the bar, on white over the NIH lines
        self._verdict_y = -0.68 if phone else -0.42
        # slides: the verdict in "small" (12.7 CSS px in a deck), so that it fits beside or
        # inside the bar at every length (in "medium" neither fits for bars of 3.6-5.0)
        self._inside_from = 4.3 if slides else 0.62 * BAR_MAX / 1e9
        self.bar_text = self.dynamic(bx.text(0, 0, "", va="center", ha="left",
                                             fontsize="small" if slides else small,
                                             fontweight="bold",
                                             bbox=dict(boxstyle="square,pad=0.1", fc="white",
                                                       ec="none") if phone else None))
        self.title = self.dynamic(fig.text(0.01, 0.975, "", ha="left", va="top",
                                           fontweight="bold", fontsize=small))

    def update(self, r) -> None:
        c = style.COLORS
        # buffy coat thickness: grows with the lymphocyte count (exaggerated to be visible)
        h = 1.2 + 4.0 * min(r.alc_per_ul, 4000.0) / 4000.0
        self.buffy.set_bounds(_CH_X, self._split_y - h / 2, _CH_W, h)
        frac = min(r.cd3_cells_collected / BAG_MAX, 1.0)
        self.fill.set_height(_BAG_H * frac)
        full = " (scale ends)" if r.cd3_cells_collected > BAG_MAX else ""
        self.bag_text.set_text(f"{_sci(r.cd3_cells_collected)}\nCD3+ cells{full}")
        x = min(r.cd3_cells_collected, BAR_MAX) / 1e9
        self.bar.set_width(x)
        verdict = ("meets NIH target" if r.meets_target else
                   "meets NIH minimum" if r.meets_minimum else "below NIH minimum")
        self.bar.set_facecolor(c["normal_t"] if r.meets_minimum else c["light"])
        inside = x > self._inside_from
        self.bar_text.set_position((x - 0.1 if inside else x + 0.1, self._verdict_y))
        self.bar_text.set_ha("right" if inside else "left")
        self.bar_text.set_va("center")
        self.bar_text.set_text(verdict)
        sep = "\n" if self._phone else " "  # two lines on a phone
        self.title.set_text(f"ALC {r.alc_per_ul:,.0f}/µL · {r.litres_processed:.1f} L "
                            f"processed{sep}in about {r.procedure_hours:.1f} h")
        self.alt = (f"Centrifuge chamber with plasma, buffy coat and red cells; the bag holds "
                    f"{_sci(r.cd3_cells_collected)} CD3+ cells ({verdict}); procedure about "
                    f"{r.procedure_hours:.1f} hours.")
