"""Icon arrays: one icon per person, grouped by outcome.

* :class:`RelapseIcons` (notebook 05): the 166 relapses of Lamble et al. 2023, one icon each.
* :class:`TrialIcons` (notebook 06): 100 people treated in a trial (complete response, partial
  response, no response) beside bars for CRS and neurotoxicity (any grade, grade 3 or more).

Each category has its own colour AND marker shape AND a direct label with the count, so the
figure reads in greyscale and for colour-blind readers.
"""

from __future__ import annotations

import numpy as np
from matplotlib.patches import Rectangle

from .. import facts
from . import style
from .base import Diagram

C = style.COLORS


def _grid(n: int, cols: int) -> tuple[np.ndarray, np.ndarray]:
    i = np.arange(n)
    return i % cols, -(i // cols)


class RelapseIcons(Diagram):
    """Why leukaemia came back after CD19 CAR-T: 166 relapses, one icon each (static)."""

    shape = "wide"
    STYLE = {"cd19_positive": (C["car_t"], "o"), "cd19_negative": (C["tumour"], "s"),
             "lineage_switch": (C["cytokine"], "^"), "other": (C["neutral"], "x")}

    def build(self) -> None:
        rows = facts.load_table("relapse")
        total = sum(int(r["count"]) for r in rows)
        ax = self.ax = self.fig.add_axes([0.02, 0.04, 0.55, 0.80])
        ax.set_axis_off()
        cols = 14
        x, y = _grid(total, cols)
        start = 0
        legend_y = 0.80
        for r in rows:
            n = int(r["count"])
            colour, marker = self.STYLE[r["category"]]
            sl = slice(start, start + n)
            ax.scatter(x[sl], y[sl], s=70, c=colour, marker=marker,
                       edgecolors="black" if marker != "x" else None, linewidths=0.5)
            start += n
            self.fig.text(0.60, legend_y, f"{r['label']}: {n} ({n / total:.0%})",
                          fontweight="bold", color="black", fontsize="small", va="center")
            self.fig.text(0.60, legend_y - 0.04, r["meaning"], fontsize="x-small", wrap=True,
                          va="top")
            ax_icon = self.fig.add_axes([0.575, legend_y - 0.02, 0.02, 0.04])
            ax_icon.set_axis_off()
            ax_icon.scatter([0], [0], s=70, c=colour, marker=marker,
                            edgecolors="black" if marker != "x" else None, linewidths=0.5)
            legend_y -= 0.19
        ax.set_xlim(-0.7, cols - 0.3)
        ax.set_ylim(y.min() - 0.7, 0.7)
        ax.set_aspect("equal")
        self.fig.suptitle(f"{total} relapses after CD19 CAR-T in children and young adults "
                          "with B-ALL\n(one icon per patient; Lamble et al. 2023)", x=0.01,
                          ha="left", y=0.99, fontsize="small", fontweight="bold")
        self.alt = "; ".join(f"{r['label']}: {r['count']}" for r in rows)

    def update(self, result) -> None:  # static figure
        pass


class TrialIcons(Diagram):
    """100 people from one trial: response icons (left) and side-effect bars (right)."""

    shape = "wide"
    CATS = (("cr", "complete response", C["normal_b"], "o"),
            ("cri", "CR, counts not yet back (CRi)", C["normal_b"], "^"),
            ("pr", "partial response", C["car_t"], "D"),
            ("none", "no response", C["neutral"], "x"))

    def build(self) -> None:
        fig = self.fig
        self.ax = ax = fig.add_axes([0.01, 0.17, 0.38, 0.68])
        ax.set_axis_off()
        x, y = _grid(100, 10)
        self.xy = np.column_stack([x, y]).astype(float)
        self.scatters = {}
        for key, _label, colour, marker in self.CATS:
            self.scatters[key] = self.dynamic(ax.scatter(
                [], [], s=110, c=colour, marker=marker, linewidths=0.8 if marker == "x" else 0.5,
                edgecolors="black" if marker != "x" else None))
        ax.set_xlim(-0.7, 9.7)
        ax.set_ylim(-9.7, 0.7)
        ax.set_aspect("equal")
        # legend for the icons (static) with counts (dynamic)
        self.leg = {}
        for i, (key, _label, colour, marker) in enumerate(self.CATS):
            yy = 0.74 - 0.12 * i
            mark = fig.add_axes([0.40, yy - 0.025, 0.025, 0.05])
            mark.set_axis_off()
            mark.scatter([0], [0], s=110, c=colour, marker=marker,
                         edgecolors="black" if marker != "x" else None, linewidths=0.8)
            self.leg[key] = self.dynamic(fig.text(0.43, yy, "", va="center",
                                                  fontsize="small"))
        # side-effect bars
        self.bx = bx = fig.add_axes([0.76, 0.24, 0.22, 0.56])
        bx.set_xlim(0, 100)
        bx.set_ylim(-0.6, 3.6)
        bx.set_yticks([3, 2, 1, 0])
        bx.set_yticklabels(["CRS\nany grade", "CRS\ngrade ≥3", "neurotox.\nany grade",
                            "neurotox.\ngrade ≥3"], fontsize="small")
        bx.set_title("side effects", fontsize="small")
        bx.set_xlabel("people out of 100")
        bx.grid(True, axis="x", alpha=0.3)
        self.bars = [self.dynamic(bx.add_patch(Rectangle((0, yb - 0.35), 0, 0.7,
                                                         fc=C["cytokine"] if yb >= 2 else
                                                         C["highlight"],
                                                         hatch=".." if yb >= 2 else "//",
                                                         ec="black", lw=0.6)))
                     for yb in (3, 2, 1, 0)]
        self.bar_txt = [self.dynamic(bx.text(0, yb, "", va="center", fontsize="small"))
                        for yb in (3, 2, 1, 0)]
        self.title = self.dynamic(fig.text(0.01, 0.985, "", va="top", ha="left",
                                           fontsize="medium", fontweight="bold"))
        fig.text(0.01, 0.03, "Rounded to whole people. Grading scales differ between "
                 "trials; see the panel.", va="bottom", ha="left", fontsize="x-small")

    def update(self, t) -> None:
        n_cr = round((t.cr or 0) * 100)
        n_resp = round((t.orr or 0) * 100)
        n_cri = round((getattr(t, "cri", None) or 0) * 100)
        n_pr = max(n_resp - n_cr - n_cri, 0)
        counts = {"cr": n_cr, "cri": n_cri, "pr": n_pr, "none": 100 - n_cr - n_cri - n_pr}
        start = 0
        for key, label, _c, _m in self.CATS:
            n = counts[key]
            self.scatters[key].set_offsets(self.xy[start:start + n] if n else np.empty((0, 2)))
            start += n
            self.leg[key].set_text(f"{label}: {n}")
        vals = [t.crs_any, t.crs_grade3plus, t.neuro_any, t.neuro_grade3plus]
        for bar, txt, v, _yb in zip(self.bars, self.bar_txt, vals, (3, 2, 1, 0), strict=False):
            if v is None:
                bar.set_width(0)
                txt.set_text("not\nverified")
                txt.set_x(2)
            else:
                bar.set_width(v * 100)
                txt.set_text(f"{v * 100:.0f}")
                txt.set_x(v * 100 + 2 if v < 0.85 else v * 100 - 12)
        self.title.set_text(f"{t.name}: {t.product}, {t.n_infused} people treated")
        cri = f"{n_cri} complete remission with incomplete count recovery, " if n_cri else ""
        self.alt = (f"{t.name}: of 100 people, {n_cr} complete response, {cri}{n_pr} partial, "
                    f"{counts['none']} none.")
