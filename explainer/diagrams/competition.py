"""Normal T cells, CAR-T cells and tumour after lymphodepletion (Kimmel et al. 2021), log axis.

CAR-T cells: blue solid line, a circle marks the peak. Tumour: vermillion dashed line, a square
marks the lowest point. Normal T cells: sky-blue dotted line. A legend repeats colour, line style
and marker, so colour is never the only cue. A grey band marks fewer than 100 tumour cells, where
the paper lets chance decide between cure and regrowth. Numbers beyond the two marker labels are in
the explorer's side panel (text is the slow part of a frame).

Phone style: a square figure, the title on two lines, the legend under the axes, fewer day
ticks, the grey band's note on two lines and the marker labels kept inside the axes.
"""

from __future__ import annotations

from matplotlib.lines import Line2D

from ..models.competition import STOCHASTIC_THRESHOLD
from ..models.expansion import sci
from . import style
from .base import Diagram

Y_MIN, Y_MAX = 1e0, 1e13
_SERIES = (("normal", "normal_t", "normal T cells", "D"), ("car_t", "car_t", "CAR-T cells", "o"),
           ("tumour", "tumour", "tumour cells", "s"))


class CompetitionDiagram(Diagram):
    shape = "wide"

    def __init__(self, style_name: str | None = None):
        if (style_name or style.current()) == "phone":
            self.shape = "square"
        super().__init__(style_name)

    def build(self) -> None:
        if self.style == "phone":
            return self._build_phone()
        fig, c = self.fig, style.COLORS
        slides = self.style == "slides"
        self.ax = ax = fig.add_axes([0.10, 0.14, 0.87, 0.74])
        ax.set_yscale("log")
        ax.set_xlim(0, 180)
        ax.set_ylim(Y_MIN, Y_MAX)
        if slides:  # the decades drawn, and no tick kept below the axis (10^-2 at its foot)
            ax.set_yticks([10.0 ** k for k in range(0, 13, 2)])
        ax.set_xticks([0, 7, 14, 28, 60, 90, 120, 150, 180])
        ax.set_xlabel("days after CAR-T infusion")
        ax.set_ylabel("cells in the body")
        ax.grid(True, axis="y", alpha=0.25)
        ax.axhspan(Y_MIN, STOCHASTIC_THRESHOLD, color=c["light"], zorder=0)
        self._note = ax.text(178, 1.6, "fewer than 100 tumour cells: in the paper, chance "
                             "decides cure or regrowth", ha="right", va="bottom",
                             fontsize="small" if slides else "x-small", color=c["text"])
        self.lines = {key: self.dynamic(ax.plot([], [], color=c[name], lw=2.5,
                                                ls=style.LINESTYLES[name])[0])
                      for key, name, _, _ in _SERIES}
        handles = [Line2D([], [], color=c[name], lw=2.5, ls=style.LINESTYLES[name], marker=m,
                          ms=7, mec=c["text"]) for _, name, _, m in _SERIES]
        ax.legend(handles, [t for _, _, t, _ in _SERIES], loc="upper right", ncol=3,
                  fontsize="small", framealpha=0.95)
        self.peak = self.dynamic(ax.plot([], [], marker="o", ms=10, color=c["car_t"],
                                         mec=c["text"], ls="none")[0])
        self.peak_label = self.dynamic(ax.text(0, 1, "", fontsize="small", ha="left",
                                               va="bottom", color=c["car_t"],
                                               fontweight="bold"))
        self.nadir = self.dynamic(ax.plot([], [], marker="s", ms=10, color=c["tumour"],
                                          mec=c["text"], ls="none")[0])
        self.nadir_label = self.dynamic(ax.text(0, 1, "", fontsize="small", ha="center",
                                                va="bottom", color=c["tumour"],
                                                fontweight="bold"))
        fig.text(0.01, 0.985, "Competition after lymphodepletion (model: Kimmel, Locke & "
                 "Altrock 2021)", ha="left", va="top",
                 fontweight="bold")

    def _build_phone(self) -> None:
        fig, c = self.fig, style.COLORS
        pt = 10  # the smallest phone text (10.4 CSS px on a 390 px phone)
        self.ax = ax = fig.add_axes([0.15, 0.215, 0.82, 0.645])
        ax.set_yscale("log")
        ax.set_xlim(0, 180)
        ax.set_ylim(Y_MIN, Y_MAX)
        ax.set_xticks([0, 14, 28, 60, 90, 120, 150, 180])
        ax.set_xlabel("days after CAR-T infusion", labelpad=2)
        ax.set_ylabel("cells in the body", labelpad=2)
        ax.grid(True, axis="y", alpha=0.25)
        ax.axhspan(Y_MIN, STOCHASTIC_THRESHOLD, color=c["light"], zorder=0)
        ax.text(178, 1.5, "fewer than 100 tumour cells: in the paper,\nchance decides cure or "
                "regrowth", ha="right", va="bottom", fontsize=pt, color=c["text"],
                linespacing=1.1)
        self.lines = {key: self.dynamic(ax.plot([], [], color=c[name], lw=2.5,
                                                ls=style.LINESTYLES[name])[0])
                      for key, name, _, _ in _SERIES}
        handles = [Line2D([], [], color=c[name], lw=2.5, ls=style.LINESTYLES[name], marker=m,
                          ms=7, mec=c["text"]) for _, name, _, m in _SERIES]
        fig.legend(handles, [t for _, _, t, _ in _SERIES], loc="lower center",
                   bbox_to_anchor=(0.5, 0.0), ncol=3, fontsize=pt, handlelength=2.2,
                   columnspacing=0.9, handletextpad=0.4, borderaxespad=0.3)
        self.peak = self.dynamic(ax.plot([], [], marker="o", ms=10, color=c["car_t"],
                                         mec=c["text"], ls="none")[0])
        # a light box keeps the labels readable where they cross a line
        box = dict(boxstyle="square,pad=0.1", fc="white", ec="none", alpha=0.75)
        self.peak_label = self.dynamic(ax.text(0, 1, "", fontsize=pt, ha="left",
                                               va="bottom", color=c["car_t"],
                                               fontweight="bold", bbox=box))
        self.nadir = self.dynamic(ax.plot([], [], marker="s", ms=10, color=c["tumour"],
                                          mec=c["text"], ls="none")[0])
        self.nadir_label = self.dynamic(ax.text(0, 1, "", fontsize=pt, ha="center",
                                                va="bottom", color=c["tumour"],
                                                fontweight="bold", bbox=box))
        fig.text(0.02, 0.985, "Competition after lymphodepletion", ha="left", va="top",
                 fontweight="bold", fontsize=12)
        fig.text(0.02, 0.935, "model: Kimmel, Locke & Altrock 2021", ha="left", va="top",
                 fontsize=pt)

    def _unclash_slides(self, r) -> None:
        """The slide's larger labels, measured: the nadir label goes above its square, else
        under it, with the peak label above-right of its circle, else under-right; the first
        choice that meets neither the other label, the band's note nor the legend."""
        renderer = self.canvas.get_renderer()
        fixed = [self._note, self.ax.get_legend()]
        low = r.tumour_nadir
        x, y_nadir = self.nadir_label.get_position()
        peak_x, peak_y = self.peak_label.get_position()
        nadir_opts = [(max(y_nadir, 12.0), "bottom")]
        if low >= Y_MIN:
            nadir_opts.append((low / 2.5, "top"))
        peak_opts = [(peak_y, "bottom"), (r.car_peak / 1.6, "top")]

        def clash(a, b) -> bool:
            p, q = a.get_window_extent(renderer), b.get_window_extent(renderer)
            return (min(p.x1, q.x1) - max(p.x0, q.x0) > 0
                    and min(p.y1, q.y1) - max(p.y0, q.y0) > 0)

        for py, pva in peak_opts:
            for ny, nva in nadir_opts:
                self.peak_label.set_position((peak_x, py))
                self.peak_label.set_va(pva)
                self.nadir_label.set_position((x, ny))
                self.nadir_label.set_va(nva)
                labels = (self.peak_label, self.nadir_label)
                if not clash(*labels) and not any(clash(t, f) for t in labels for f in fixed):
                    return
        self.peak_label.set_position((peak_x, peak_opts[0][0]))  # nothing clear: as first
        self.peak_label.set_va("bottom")
        self.nadir_label.set_position((x, nadir_opts[0][0]))
        self.nadir_label.set_va("bottom")

    def update(self, r) -> None:
        for key, _, _, _ in _SERIES:
            self.lines[key].set_data(r.t_days, getattr(r, key))
        self.peak.set_data([r.car_peak_day], [r.car_peak])
        self.peak_label.set_position((r.car_peak_day + 3, min(r.car_peak * 1.6, Y_MAX / 60)))
        self.peak_label.set_text(f"peak {sci(r.car_peak)}, day {r.car_peak_day:.0f}")
        low = r.tumour_nadir
        visible = low >= Y_MIN
        self.nadir.set_visible(visible)
        if visible:
            self.nadir.set_data([r.tumour_nadir_day], [low])
            txt = f"lowest {sci(low)}, day {r.tumour_nadir_day:.0f}"
        else:
            txt = f"tumour below 1 cell (lowest day {r.tumour_nadir_day:.0f})"
        # keep the centred label inside the axes (it is narrower than the phone figure's axes)
        lo, hi = (45, 130) if self.style == "phone" else (30, 150)
        x = min(max(r.tumour_nadir_day, lo), hi)
        # phone: "below 1 cell" sits just above the grey band, clear of the band's note
        below = 130 if self.style == "phone" else 12 if self.style == "slides" else 8
        self.nadir_label.set_position((x, low * 2.5 if visible else below))
        # phone: the long "below 1 cell" label on two lines, so it stays inside the figure
        self.nadir_label.set_text(txt.replace(" (", "\n(") if self.style == "phone" else txt)
        if self.style == "slides":
            self._unclash_slides(r)
        self.alt = (f"CAR-T cells peak at {sci(r.car_peak)} on day {r.car_peak_day:.0f}; "
                    + txt.replace("lowest", "tumour lowest") + ".")
