"""Time-course curves for notebook 05: CAR-T kinetics (Stein 2019) and CARTmath (Barros 2021).

* :class:`KineticsCurve`: transgene copies/µg DNA on a log scale over one year, the three phases
  shaded and named, optional virtual-patient band and the published responder/non-responder
  peaks (direct labels, markers and line styles: never colour alone).
* :class:`CARTmathCurves`: effector CAR-T (solid blue), memory CAR-T (dashed reddish purple) and
  tumour (dashed vermillion, square markers) on a log scale.
* :class:`SolverComparisonFigure`: tumour over time with the implicit solver and fixed-step RK4.

In the phone style the two explorer figures are tall (480 × 600 px): titles, verdicts, legends
and the published peaks move above or below the axes, every text 10 pt or more.
"""

from __future__ import annotations

import numpy as np

from ..models.expansion import sci
from . import style
from .base import Diagram

C = style.COLORS
LS = style.LINESTYLES
MK = style.MARKERS



class KineticsCurve(Diagram):
    """Stein 2019 curve over days 0-365: x stretched over the first 40 days, y logarithmic.

    Few dynamic texts (text is the slow part of a frame): readouts live in the explorer's side
    panel, the phase names and the published values are static.
    """

    shape = "wide"
    YLIM = (1.0, 6e5)
    #: phone: room above the highest peak (2 × 10⁵) for the phase names on two rows
    PHONE_YLIM = (1.0, 4e6)

    def __init__(self, style_name: str | None = None):
        if (style_name or style.current()) == "phone":
            self.shape = "tall"
        super().__init__(style_name)

    def build(self) -> None:
        if self.style == "phone":
            return self._build_phone()
        fig = self.fig
        self.ax = ax = fig.add_axes([0.10, 0.15, 0.86, 0.78])
        ax.set_yscale("log")
        ax.set_xscale("function", functions=(lambda d: np.sqrt(np.maximum(d, 0)), np.square))
        ax.set_xlim(0, 365)
        ax.set_ylim(*self.YLIM)
        ticks = [0, 7, 14, 28, 40, 90, 180, 365]
        ax.set_xticks(ticks)
        ax.set_xticklabels([str(t) for t in ticks])
        ax.set_xlabel("days after infusion (square-root scale: early days stretched)")
        ax.set_ylabel("CAR transgene copies per µg DNA")
        ax.grid(True, which="major", axis="y", alpha=0.3)
        for d in (28, 90, 365):
            ax.axvline(d, color=C["neutral"], lw=0.8, ls=":")
        for x, name in ((3.0, "expansion"), (24, "contraction"), (220, "persistence")):
            ax.text(x, 3.2e5, name, ha="center", va="center", fontsize="small",
                    fontweight="bold", color=C["text"])
        # published responders vs non-responders (Cmax at median Tmax): static, toggled
        peaks = _published_peaks()
        (tr, cr), (tn, cn) = peaks["responders"], peaks["non_responders"]
        # slides: the two labels further apart (at 14 pt they touched)
        y_resp, y_non = (1.0e5, 1.0e4) if self.style == "slides" else (7e4, 1.2e4)
        self.pub = [
            ax.plot([tr], [cr], marker="^", ms=11, color=C["normal_b"], mec="black",
                    ls="none")[0],
            ax.plot([tn], [cn], marker="v", ms=11, color=C["tumour"], mec="black",
                    ls="none")[0],
            ax.annotate(f"▲ responders: peak {cr:,.0f} on day {tr:g}", (tr, cr),
                        xytext=(48, y_resp), fontsize="small",
                        arrowprops=dict(arrowstyle="-", color="black", lw=0.8)),
            ax.annotate(f"▼ non-responders: peak {cn:,.0f} on day {tn:g}\n"
                        "(published medians, EU label)", (tn, cn), xytext=(48, y_non),
                        fontsize="small",
                        arrowprops=dict(arrowstyle="-", color="black", lw=0.8)),
        ]
        self._pub_on = True
        self.use_background(True)  # the first full draw is the "published peaks on" picture
        self.band = None
        self.band_label = self.dynamic(ax.text(225, 4e3, "", fontsize="small",
                                               color=C["car_t"], va="top", ha="center"))
        self.curve = self.dynamic(ax.plot([], [], color=C["car_t"], lw=2.8, ls=LS["car_t"],
                                          label="CAR-T level in blood (model)")[0])
        self.memory = self.dynamic(ax.plot([], [], color=C["memory"], lw=1.6, ls=LS["memory"],
                                           label="its slow, memory-like part")[0])
        ax.legend(handles=[self.curve, self.memory], loc="lower left",
                  bbox_to_anchor=(0.30, 0.0), fontsize="small", frameon=False)
        self.peak = self.dynamic(ax.plot([], [], marker=MK["car_t"], ms=8, color=C["car_t"],
                                         ls="none")[0])
        self.marks = self.dynamic(ax.plot([], [], marker="|", ms=14, mew=2, color=C["text"],
                                          ls="none")[0])

    def _build_phone(self) -> None:
        """Portrait: phase names on two rows above the curves, the legend, the published peaks
        and the band's note under the axes (a phone is too narrow for the side annotations)."""
        fig, pt = self.fig, 10  # 10 pt = 10.4 CSS px on a 390 px phone
        self.ax = ax = fig.add_axes([0.16, 0.335, 0.80, 0.645])
        ax.set_yscale("log")
        ax.set_xscale("function", functions=(lambda d: np.sqrt(np.maximum(d, 0)), np.square))
        ax.set_xlim(0, 365)
        ax.set_ylim(*self.PHONE_YLIM)
        ticks = [0, 7, 14, 28, 90, 180, 365]
        ax.set_xticks(ticks)
        ax.set_xticklabels([str(t) for t in ticks])
        ax.set_yticks([10.0 ** k for k in range(0, 7)])
        ax.set_xlabel("days after infusion\n(square-root scale: early days stretched)",
                      labelpad=2)
        ax.set_ylabel("CAR transgene copies per µg DNA", labelpad=2)
        ax.grid(True, which="major", axis="y", alpha=0.3)
        for d in (28, 90, 365):
            ax.axvline(d, color=C["neutral"], lw=0.8, ls=":")
        for x, y, name in ((0.4, 2.2e6, "expansion"), (9, 6.5e5, "contraction"),
                           (220, 2.2e6, "persistence")):
            ax.text(x, y, name, ha="center" if x > 100 else "left", va="center", fontsize=pt,
                    fontweight="bold", color=C["text"])
        peaks = _published_peaks()
        (tr, cr), (tn, cn) = peaks["responders"], peaks["non_responders"]
        self.pub = [
            ax.plot([tr], [cr], marker="^", ms=11, color=C["normal_b"], mec="black",
                    ls="none")[0],
            ax.plot([tn], [cn], marker="v", ms=11, color=C["tumour"], mec="black",
                    ls="none")[0],
            fig.text(0.02, 0.05, f"▲ responders: peak {cr:,.0f} on day {tr:g}\n"
                     f"▼ non-responders: peak {cn:,.0f} on day {tn:g}\n"
                     "(published medians, EU label)", ha="left", va="bottom", fontsize=pt,
                     linespacing=1.15),
        ]
        self._pub_on = True
        self.use_background(True)  # the first full draw is the "published peaks on" picture
        self.band = None
        self.band_label = self.dynamic(fig.text(0.02, 0.01, "", fontsize=pt, color=C["car_t"],
                                                va="bottom", ha="left"))
        self.curve = self.dynamic(ax.plot([], [], color=C["car_t"], lw=2.8, ls=LS["car_t"],
                                          label="CAR-T level in blood (model)")[0])
        self.memory = self.dynamic(ax.plot([], [], color=C["memory"], lw=1.6, ls=LS["memory"],
                                           label="its slow, memory-like part")[0])
        fig.legend(handles=[self.curve, self.memory], loc="lower left",
                   bbox_to_anchor=(0.01, 0.135), fontsize=pt, frameon=False, ncol=1,
                   borderaxespad=0.3, handlelength=2.6, labelspacing=0.3)
        self.peak = self.dynamic(ax.plot([], [], marker=MK["car_t"], ms=8, color=C["car_t"],
                                         ls="none")[0])
        self.marks = self.dynamic(ax.plot([], [], marker="|", ms=14, mew=2, color=C["text"],
                                          ls="none")[0])

    def update(self, result) -> None:
        ax = self.ax
        r = result.readouts
        t, c = result.t_days, np.maximum(result.copies, self.YLIM[0])
        p = result.params
        self.curve.set_data(t, c)
        tau = np.maximum(t - p["tmax_days"], 0)
        mem = np.where(t >= p["tmax_days"],
                       p["fb"] * p["cmax"] * np.exp(-p["beta_per_day"] * tau), np.nan)
        self.memory.set_data(t, np.maximum(mem, self.YLIM[0]))
        self.peak.set_data([p["tmax_days"]], [p["cmax"]])
        levels = [r.c_day28, r.c_day90, r.c_day365]
        self.marks.set_data([28, 90, 365], np.maximum(levels, self.YLIM[0]))
        if self.band is not None:
            self.band.remove()
            self._dynamic.remove(self.band)
            self.band = None
        if result.band_low is not None:
            self.band = self.dynamic(ax.fill_between(
                result.band_t, np.maximum(result.band_low, self.YLIM[0]),
                np.maximum(result.band_high, self.YLIM[0]), color=C["car_t"], alpha=0.15,
                lw=0))
            self.band_label.set_text(
                f"shaded band: 90% of {result.n_virtual} virtual patients"
                if self.style == "phone" else
                f"shaded: 90% of {result.n_virtual} virtual patients")
            self.band_label.set_visible(True)
        else:
            self.band_label.set_visible(False)
        show = bool(getattr(result, "published", None))
        if show != self._pub_on:
            for a in self.pub:
                a.set_visible(show)
            self._pub_on = show
            self.use_background(show)  # each state's static picture is drawn once, then kept
        self.alt = (f"Log-scale curve of CAR-T transgene level: rises to {p['cmax']:,.0f} on day "
                    f"{p['tmax_days']:.3g}, {r.c_day28:,.0f} on day 28, {r.c_day365:,.1f} on "
                    "day 365.")


def _published_peaks() -> dict:
    from .. import facts
    rows = facts.load_table("ck_responders")
    get = {(r["group"], r["metric"]): float(r["value"]) for r in rows}
    return {g: (get[(g, "tmax_days")], get[(g, "cmax")])
            for g in ("responders", "non_responders")}


class CARTmathCurves(Diagram):
    """Effector, memory and tumour cells (log scale) for one CARTmath run."""

    shape = "wide"
    YLIM = (1.0, 1e12)

    def __init__(self, style_name: str | None = None):
        if (style_name or style.current()) == "phone":
            self.shape = "tall"
        super().__init__(style_name)

    def build(self) -> None:
        if self.style == "phone":
            return self._build_phone()
        fig = self.fig
        slides = self.style == "slides"
        # slides: the verdict on its own line between the title and the axes (in the axes it
        # ran over the 10^12 tick and past the left edge)
        self.ax = ax = fig.add_axes([0.09, 0.15, 0.70, 0.69] if slides
                                    else [0.09, 0.15, 0.70, 0.75])
        self.labels = {}
        ax.set_yscale("log")
        ax.set_ylim(*self.YLIM)
        if slides:  # only the decades in view (no 10^-2 label kept below the axes), integer
            # days (a "0.0" day ran into the "10^0" cells)
            from matplotlib.ticker import MaxNLocator
            ax.set_yticks([10.0 ** k for k in range(0, 13, 2)])
            ax.xaxis.set_major_locator(MaxNLocator(nbins=6, integer=True))
        ax.set_xlabel("days after the tumour cells were implanted")
        ax.set_ylabel("number of cells")
        ax.grid(True, which="major", axis="y", alpha=0.3)
        self._add_lines(ax)
        # a static legend (line styles and markers, not colour alone); drawn once
        from matplotlib.lines import Line2D
        # the lines' own dash patterns (get_linestyle() turns memory's dash-dot into "--")
        dashes = {id(self.eff): LS["car_t"], id(self.mem): LS["memory"],
                  id(self.tum): LS["tumour"]}
        handles = [Line2D([], [], color=h.get_color(), ls=dashes.get(id(h), h.get_linestyle()),
                          lw=2.4, marker=h.get_marker(), label=h.get_label())
                   for h in (self.eff, self.mem, self.tum, self.dose)]
        fig.legend(handles=handles, loc="center left", bbox_to_anchor=(0.80, 0.5),
                   fontsize="small", frameon=False)
        if slides:
            h = fig.get_figheight() * fig.dpi
            self.verdict = self.dynamic(fig.text(0.01, 1 - 40 / h, "", va="top", ha="left",
                                                 fontweight="bold"))
            fig.text(0.81, 0.80, "illustrative fit to\nmouse experiments", va="top",
                     ha="left", fontsize="small")
        else:
            self.verdict = self.dynamic(ax.text(0.98, 0.97, "", va="top", ha="right",
                                                transform=ax.transAxes, fontweight="bold"))
        self.title = fig.suptitle("", x=0.01, ha="left", y=0.99, va="top", fontsize="medium",
                                  fontweight="bold")
        self._xmax = None
        self._preset = None

    def _add_lines(self, ax) -> None:
        """The effector, memory and tumour curves and the dose line (both layouts)."""
        self.eff = self.dynamic(ax.plot([], [], color=C["car_t"], lw=2.6, ls=LS["car_t"],
                                        label="effector CAR-T")[0])
        self.mem = self.dynamic(ax.plot([], [], color=C["memory"], lw=2.2, ls=LS["memory"],
                                        label="memory CAR-T")[0])
        self.tum = self.dynamic(ax.plot([], [], color=C["tumour"], lw=2.6, ls=LS["tumour"],
                                        marker=MK["tumour"], markevery=25, ms=6,
                                        label="tumour")[0])
        self.dose = self.dynamic(ax.axvline(0, color=C["text"], lw=1.2, ls=":",
                                            label="CAR-T dose"))

    def _build_phone(self) -> None:
        """Portrait: the experiment and the verdict above the axes, the legend under them."""
        from matplotlib.lines import Line2D
        fig, pt = self.fig, 10  # 10 pt = 10.4 CSS px on a 390 px phone
        h = fig.get_figheight() * fig.dpi
        self.ax = ax = fig.add_axes([0.16, 120 / h, 0.80, 1 - 120 / h - 112 / h])
        self.labels = {}
        ax.set_yscale("log")
        ax.set_ylim(*self.YLIM)
        ax.set_yticks([10.0 ** k for k in range(0, 13, 2)])
        from matplotlib.ticker import MaxNLocator
        ax.xaxis.set_major_locator(MaxNLocator(nbins=5, integer=True))  # 0 5 10 15 20
        ax.set_xlabel("days after the tumour cells were implanted", labelpad=2)
        ax.set_ylabel("number of cells", labelpad=2)
        ax.grid(True, which="major", axis="y", alpha=0.3)
        self._add_lines(ax)
        # the legend under the axes, with the lines' own dash patterns (memory: dash-dot)
        handles = [Line2D([], [], color=C[k], ls=LS[k], lw=2.4, marker=m, label=t)
                   for k, m, t in (("car_t", "", "effector CAR-T"),
                                   ("memory", "", "memory CAR-T"),
                                   ("tumour", MK["tumour"], "tumour"))]
        handles.append(Line2D([], [], color=C["text"], ls=":", lw=1.2, label="CAR-T dose"))
        fig.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, 0.0), ncol=2,
                   fontsize=pt, frameon=False, handlelength=2.6, columnspacing=1.5,
                   borderaxespad=0.3, labelspacing=0.3)
        self.title = fig.text(0.02, 1 - 8 / h, "", ha="left", va="top", fontsize=11,
                              fontweight="bold")
        fig.text(0.02, 1 - 30 / h, "illustrative fit to mouse experiments", ha="left",
                 va="top", fontsize=pt)
        self.verdict = self.dynamic(fig.text(0.02, 1 - 56 / h, "", ha="left", va="top",
                                             fontsize=pt, fontweight="bold",
                                             linespacing=1.15))
        self._xmax = None
        self._preset = None

    def update(self, res) -> None:
        ax = self.ax
        xmax = getattr(res, "axis_days", None) or res.days
        if self._xmax != xmax or self._preset != res.preset:
            ax.set_xlim(0, xmax)
            self._xmax = xmax
            self._preset = res.preset
            # phone and slides say "illustrative fit" on a line of their own
            self.title.set_text(res.label if self.style in ("phone", "slides") else
                                res.label + ": illustrative fit to mouse experiments")
            self.use_background((xmax, res.preset))  # drawn once per experiment, then kept
        lo = self.YLIM[0] / 2  # zeros drawn just below the axis
        t = res.t_days
        self.eff.set_data(t, np.maximum(res.effector, lo))
        self.mem.set_data(t, np.maximum(res.memory, lo))
        self.tum.set_data(t, np.maximum(res.tumour, lo))
        self.dose.set_xdata([res.dose_day, res.dose_day])
        fate = ("tumour eliminated" if res.tumour_eliminated else
                f"tumour escapes ({sci(res.tumour_final)} cells)")
        verdict = f"dose {sci(res.dose_cells)} CAR-T cells on day {res.dose_day:g}: {fate}"
        if self.style == "phone":
            verdict = verdict.replace(": ", ":\n→ ", 1)
        self.verdict.set_text(verdict)
        self.alt = (f"CARTmath {res.preset}: dose {sci(res.dose_cells)} CAR-T cells on day "
                    f"{res.dose_day:g}; {fate} by day {res.days:g}.")


class SolverComparisonFigure(Diagram):
    """Tumour cells over time: implicit (adaptive) solver vs fixed-step RK4 (static figure)."""

    shape = "wide"

    def build(self) -> None:
        self.ax = ax = self.fig.add_axes([0.09, 0.15, 0.60, 0.72])
        ax.set_yscale("log")
        ax.set_xlabel("day")
        ax.set_ylabel("tumour cells")
        ax.grid(True, axis="y", alpha=0.3)
        self.note = self.fig.text(0.71, 0.85, "", va="top", fontsize="small")
        self.title = self.fig.suptitle("", x=0.01, ha="left", y=0.99, va="top",
                                       fontsize="medium", fontweight="bold")
        self._lines = []

    def update(self, cmp) -> None:
        for ln in self._lines:
            ln.remove()
        self._lines = []
        ax = self.ax
        imp = cmp.implicit
        self._lines.append(ax.plot(imp.t_days, np.maximum(imp.tumour, 0.5), color=C["tumour"],
                                   lw=3, ls="-", label="implicit Radau (adaptive step)")[0])
        styles = [("--", "o"), (":", "x"), ("-.", "^")]
        for (ls, mk), r in zip(styles, cmp.explicit, strict=False):
            dt = r.label.split("dt=")[-1].rstrip(")")
            self._lines.append(ax.plot(r.t_days, np.maximum(r.tumour, 0.5), color=C["text"],
                                       lw=2, ls=ls, marker=mk, ms=6,
                                       label=f"explicit RK4, fixed step {dt}")[0])
        ax.set_ylim(0.3, 1e10)
        ax.set_xlim(0, imp.days)
        ax.legend(loc="lower left", fontsize="small")
        ax.text(imp.days * 0.98, 0.45, "0 (cleared)", ha="right", va="bottom",
                fontsize="small")
        lines = [f"Tumour cells on day {imp.days:g}:"]
        for name, final, gone in cmp.summary():
            lines.append(f"• {name}:\n   {'cleared (false cure)' if gone else f'{final:.3g}'}")
        self.note.set_text("\n".join(lines))
        self.title.set_text(f"Same model, same numbers, different solver: {imp.label}")
        self.invalidate()
        self.alt = ("Tumour cells over time in the same model solved two ways; final tumour "
                    "cells: " + "; ".join(f"{n}: {sci(f)}" for n, f, _ in cmp.summary()) + ".")
