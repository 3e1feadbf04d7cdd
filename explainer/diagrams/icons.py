"""Icon arrays: one icon per person, grouped by outcome.

* :class:`RelapseIcons` (notebook 05): the 166 relapses of Lamble et al. 2023, one icon each.
* :class:`TrialIcons` (notebook 06): 100 people treated in a trial (complete response, partial
  response, no response) beside bars for CRS and neurotoxicity (any grade, grade 3 or more); for
  a randomised trial (CAR-T versus standard care) the two arms side by side instead: the median
  of the primary endpoint in months as two bars ("not reached" as an open, dashed bar with an
  arrow, never a made-up length) and the hazard ratio with its confidence interval on a log scale.

Each category has its own colour AND marker shape AND a direct label with the count, so the
figure reads in greyscale and for colour-blind readers.

On a phone (``style="phone"``) :class:`TrialIcons` is portrait (4.8 × 6.4 in) and its panels
stack: the icons with their key beside them above the side-effect bars; for a randomised trial
the verdict, the two arms, the hazard ratio and the trial's words one under the other. Every
text is 10 pt or more and long lines are wrapped.
"""

from __future__ import annotations

import numpy as np
from matplotlib.patches import Rectangle
from matplotlib.ticker import NullFormatter

from .. import facts
from ..models.outcomes import hr_text
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
        self.alt = ("Icon array of relapses after CD19 CAR-T in children and young adults "
                    "with B-ALL, one icon per patient: "
                    + "; ".join(f"{r['label']}: {r['count']}" for r in rows) + ".")

    def update(self, result) -> None:  # static figure
        pass


class TrialIcons(Diagram):
    """100 people from one trial: response icons (left) and side-effect bars (right)."""

    shape = "wide"
    CATS = (("cr", "complete response", C["normal_b"], "o"),
            ("cri", "CR, counts not yet back (CRi)", C["normal_b"], "^"),
            ("pr", "partial response", C["car_t"], "D"),
            ("none", "no response", C["neutral"], "x"))

    #: months shown on the randomised trials' axis (the same for all, so they compare)
    MONTHS_MAX = 16.0
    #: the key's labels on a phone (the key stands in a narrow column beside the icons)
    PHONE_LABELS = {"cri": "CR, counts not yet\nback (CRi)"}
    #: phone figure size in inches (480 × 640 px) and the wrap width of its 10 pt lines
    PHONE_SIZE = (4.8, 6.4)
    PHONE_WRAP = 60
    #: slides: wrap widths of the footnotes and of the right-hand column (14 pt "small" text
    #: there; the notebook's "x-small" would come to 10.5 CSS px in a deck)
    SLIDES_WRAP, SLIDES_COLUMN_WRAP = 100, 28

    def _rect(self, left, top, width, height) -> list:
        """An axes rectangle given in figure pixels measured from the top (phone layout)."""
        W, H = self.size_px
        return [left / W, 1 - (top + height) / H, width / W, height / H]

    def _at(self, left, top) -> tuple:
        """A figure position given in pixels from the top left (phone layout)."""
        W, H = self.size_px
        return left / W, 1 - top / H

    def build(self) -> None:
        fig = self.fig
        self.phone = self.style == "phone"
        self.slides = self.style == "slides"
        if self.phone:  # portrait: the panels stack
            fig.set_size_inches(self.PHONE_SIZE)
        axes_before = set(fig.axes)
        mark = (len(self._dynamic), len(self._cached_text))
        self._build_single()
        self._single_axes = [a for a in fig.axes if a not in axes_before]
        self._single_text = [self.footnote] + [
            a for a in self._new_dynamic(mark) if a is not self.title]
        mark = (len(self._dynamic), len(self._cached_text))
        self._build_randomised()
        self._rand_text += self._new_dynamic(mark)
        self._form = None
        self._set_form("single")

    def _new_dynamic(self, mark) -> list:
        """Dynamic artists registered since ``mark`` (lengths of the two lists)."""
        return self._dynamic[mark[0]:] + self._cached_text[mark[1]:]
        self._form = None
        self._set_form("single")

    def _set_form(self, form: str) -> None:
        """Show the single-arm picture or the randomised comparison (one background each)."""
        if form == self._form:
            return
        single = form == "single"
        for a in self._single_axes:
            _show_axes(a, single)
        for t in self._single_text:
            t.set_visible(single)
        for a in self._rand_axes:
            _show_axes(a, not single)
        for t in self._rand_text:
            t.set_visible(not single)
        self._form = form
        self.use_background(form)

    def _build_randomised(self) -> None:
        fig = self.fig
        C_ = C
        phone, slides = self.phone, self.slides
        small, xsmall = (10, 10) if phone else ("small", "small" if slides else "x-small")
        # arms: CAR-T above, standard care below (phone: room on the right for "13.3 months";
        # slides: lower panels shifted up for the wrapped heading and footnote)
        self.rx = rx = fig.add_axes(self._rect(80, 110, 320, 130) if phone
                                    else [0.13, 0.52, 0.55, 0.34] if slides
                                    else [0.13, 0.46, 0.55, 0.40])
        rx.set_xlim(0, self.MONTHS_MAX)
        rx.set_ylim(-0.7, 1.7)
        rx.set_yticks([1, 0])
        rx.set_yticklabels(["CAR-T", "standard\ncare"], fontsize=small)
        if phone:
            rx.set_xticks([0, 4, 8, 12, 16])
            rx.set_xlabel("median months until an event\n(primary endpoint)", fontsize=small)
        else:
            rx.set_xlabel("median months until an event (primary endpoint)", fontsize="small")
        rx.grid(True, axis="x", alpha=0.3)
        rx.spines[["top", "right"]].set_visible(False)
        self.arm = {
            "cart": self.dynamic(rx.add_patch(Rectangle((0, 0.65), 0, 0.7, fc=C_["car_t"],
                                                        ec="black", lw=0.8, hatch="//"))),
            "control": self.dynamic(rx.add_patch(Rectangle((0, -0.35), 0, 0.7,
                                                           fc=C_["neutral"], ec="black",
                                                           lw=0.8, hatch=".."))),
        }
        self.arm_txt = {k: self.dynamic(rx.text(0, y, "", va="center", fontsize=small))
                        for k, y in (("cart", 1), ("control", 0))}
        self.nr_arrow = self.dynamic(rx.annotate(
            "", xy=(self.MONTHS_MAX, 1), xytext=(self.MONTHS_MAX - 1.8, 1),
            arrowprops={"arrowstyle": "-|>", "color": C_["car_t"], "lw": 2}))
        # hazard ratio on a log scale: 1 = no difference, below 1 favours CAR-T
        self.hx = hx = fig.add_axes(self._rect(80, 352, 380, 30) if phone
                                    else [0.13, 0.19, 0.55, 0.07] if slides
                                    else [0.13, 0.14, 0.55, 0.08])
        hx.set_xscale("log")
        hx.set_xlim(0.1, 2.0)
        hx.set_ylim(-1, 1)
        hx.set_yticks([])
        hx.set_xticks([0.1, 0.2, 0.5, 1.0, 2.0])
        hx.xaxis.set_minor_formatter(NullFormatter())
        hx.set_xticklabels(["0.1", "0.2", "0.5", "1", "2"], fontsize=small)
        hx.axvline(1.0, color="black", lw=1, ls="--")
        hx.spines[["top", "right", "left"]].set_visible(False)
        heading = ("hazard ratio (log scale; line = 95% confidence interval): "
                   "below 1 favours CAR-T")
        hx.text(0.1, 1.3, _wrap(heading, 46) if phone or slides else heading,
                fontsize=xsmall, transform=hx.get_xaxis_transform(), va="bottom")
        self.hr_ci = self.dynamic(hx.plot([], [], color="black", lw=2)[0])
        self.hr_dot = self.dynamic(hx.plot([], [], marker="D", ms=8, color=C_["car_t"],
                                           mec="black", ls="none")[0])
        # phone: the hazard ratio in words under its axis, the trial's words under that
        self.hr_txt = self.dynamic(fig.text(*(self._at(6, 414) if phone else
                                              (0.72, 0.36) if slides else (0.72, 0.46)),
                                            "", va="top", ha="left", fontsize=small))
        self._rand_axes = [rx, hx]
        # right-hand column (phone: under the title): the verdict and what the trial compared
        self.verdict = self.dynamic(fig.text(*(self._at(6, 74) if phone else (0.72, 0.87)),
                                             "", va="top", ha="left", fontsize="medium",
                                             fontweight="bold"))
        self.rand_info = self.dynamic(fig.text(*(self._at(6, 468) if phone else (0.72, 0.72)),
                                               "", va="top", ha="left", fontsize=xsmall))
        foot = ("Median: the time by which half the people in an arm had progressed, relapsed "
                "or died (the event). Source numbers and caveats: see the panel.")
        self.rand_foot = fig.text(0.01, 0.01, _wrap(foot, self.PHONE_WRAP) if phone
                                  else _wrap(foot, self.SLIDES_WRAP) if slides else foot,
                                  va="bottom", ha="left", fontsize=xsmall)
        self._rand_text = [self.rand_foot]

    def _build_single(self) -> None:
        fig = self.fig
        phone = self.phone
        small = 10 if phone else "small"
        # phone: the icons top left, their key beside them, the side effects underneath
        self.ax = ax = fig.add_axes(self._rect(4, 62, 250, 250) if phone
                                    else [0.01, 0.17, 0.38, 0.68])
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
            if phone:  # rows 60 px apart beside the icons
                yy = self._at(0, 92 + 60 * i)[1]
                mark = fig.add_axes(self._rect(258, 80 + 60 * i, 24, 24))
            else:
                yy = 0.74 - 0.12 * i
                mark = fig.add_axes([0.40, yy - 0.025, 0.025, 0.05])
            mark.set_axis_off()
            mark.scatter([0], [0], s=110, c=colour, marker=marker,
                         edgecolors="black" if marker != "x" else None, linewidths=0.8)
            self.leg[key] = self.dynamic(fig.text(286 / self.size_px[0] if phone else 0.43,
                                                  yy, "", va="center", fontsize=small))
        # side-effect bars
        self.bx = bx = fig.add_axes(self._rect(96, 360, 356, 168) if phone
                                    else [0.76, 0.24, 0.22, 0.56])
        bx.set_xlim(0, 100)
        bx.set_ylim(-0.6, 3.6)
        bx.set_yticks([3, 2, 1, 0])
        bx.set_yticklabels(["CRS\nany grade", "CRS\ngrade ≥3", "neurotox.\nany grade",
                            "neurotox.\ngrade ≥3"], fontsize=small)
        bx.set_title("side effects", fontsize=11 if phone else "small")
        if phone:
            bx.set_xticks([0, 25, 50, 75, 100])
        bx.set_xlabel("people out of 100")
        bx.grid(True, axis="x", alpha=0.3)
        self.bars = [self.dynamic(bx.add_patch(Rectangle((0, yb - 0.35), 0, 0.7,
                                                         fc=C["cytokine"] if yb >= 2 else
                                                         C["highlight"],
                                                         hatch=".." if yb >= 2 else "//",
                                                         ec="black", lw=0.6)))
                     for yb in (3, 2, 1, 0)]
        self.bar_txt = [self.dynamic(bx.text(0, yb, "", va="center", fontsize=small))
                        for yb in (3, 2, 1, 0)]
        self.title = self.dynamic(fig.text(*(self._at(6, 6) if phone else (0.01, 0.985)), "",
                                           va="top", ha="left", fontsize="medium",
                                           fontweight="bold"))
        foot = "Rounded to whole people. Grading scales differ between trials; see the panel."
        self.footnote = fig.text(0.01, 0.01 if phone else 0.03,
                                 _wrap(foot, self.PHONE_WRAP) if phone else foot,
                                 va="bottom", ha="left",
                                 fontsize="x-small" if self.style == "notebook" else small)

    def update(self, t) -> None:
        if getattr(t, "randomised", False):
            self._update_randomised(t)
        else:
            self._update_single(t)

    def _blank(self, keys) -> None:
        for k in keys:
            a = getattr(self, k)
            for art in (a.values() if isinstance(a, dict) else a):
                if hasattr(art, "set_offsets"):
                    art.set_offsets(np.empty((0, 2)))
                elif hasattr(art, "set_width"):
                    art.set_width(0)
                else:
                    art.set_text("")

    def _update_randomised(self, t) -> None:
        self._set_form("randomised")
        self._blank(["scatters", "leg", "bars", "bar_txt"])
        hi = self.MONTHS_MAX
        arms = (("cart", t.median_months_cart, t.median_not_reached),
                ("control", t.median_months_control, False))
        for key, months, not_reached in arms:
            bar, txt = self.arm[key], self.arm_txt[key]
            if not_reached:
                bar.set_width(hi - 1.7)
                bar.set_facecolor("white")
                bar.set_edgecolor(C["car_t"])
                bar.set_linestyle("--")
                bar.set_hatch("")
                txt.set_text("median not reached: more than half\nstill event-free when analysed")
                txt.set_x(0.3)
            elif months is None:
                bar.set_width(0)
                txt.set_text("median not verified")
                txt.set_x(0.3)
            else:
                bar.set_width(months)
                bar.set_facecolor(C["car_t"] if key == "cart" else C["neutral"])
                bar.set_edgecolor("black")
                bar.set_linestyle("-")
                bar.set_hatch("//" if key == "cart" else "..")
                txt.set_text(f"{months:.1f} months")
                txt.set_x(months + 0.25)
        self.nr_arrow.set_visible(t.median_not_reached)
        if t.hazard_ratio is None:
            self.hr_dot.set_data([], [])
            self.hr_ci.set_data([], [])
            self.hr_txt.set_text("Hazard ratio not verified\n(not drawn)")
        else:
            self.hr_dot.set_data([t.hazard_ratio], [0])
            lo, hi_ci = t.hr_ci or (t.hazard_ratio, t.hazard_ratio)
            self.hr_ci.set_data([lo, hi_ci], [0, 0])
            ci = f"\n(95% CI {hr_text(lo)} to {hr_text(hi_ci)})" if t.hr_ci else ""
            if self.phone:  # a wide column: two lines
                ci = f" (95% CI {hr_text(lo)} to {hr_text(hi_ci)})" if t.hr_ci else ""
                self.hr_txt.set_text(f"Hazard ratio {hr_text(t.hazard_ratio)}{ci}:\nevents "
                                     f"came at {t.hazard_ratio:.0%} of the rate with "
                                     "standard care")
            else:
                self.hr_txt.set_text(f"Hazard ratio {hr_text(t.hazard_ratio)}{ci}:\nevents "
                                     f"came at {t.hazard_ratio:.0%} of the rate\nwith "
                                     "standard care")
        if self.phone:  # three lines, broken where they read well
            self.title.set_text(f"{t.name}: {t.product}\nversus standard care, "
                                f"{t.n_randomised} people\nrandomised ({t.line})")
        elif self.slides:  # two lines (17 pt bold: one would run past the edge)
            self.title.set_text(f"{t.name}: {t.product} versus standard care,\n"
                                f"{t.n_randomised} people randomised ({t.line})")
        else:
            self.title.set_text(f"{t.name}: {t.product} versus standard care, "
                                f"{t.n_randomised} people randomised ({t.line})")
        sep = " " if self.phone else "\n"
        if t.positive:
            self.verdict.set_text(f"Positive trial:{sep}CAR-T did better")
        else:
            self.verdict.set_text(f"Negative trial:{sep}no benefit shown")
        if self.phone:
            self.rand_info.set_text(_wrap(f"Disease: {t.disease}.", self.PHONE_WRAP) + "\n"
                                    + _wrap(f"Primary endpoint: {t.endpoint}.",
                                            self.PHONE_WRAP))
        elif self.slides:  # 14 pt: a narrower wrap, no blank line (the hazard ratio is below)
            w = self.SLIDES_COLUMN_WRAP
            self.rand_info.set_text(_wrap(f"Disease: {t.disease}.", w) + "\n"
                                    + _wrap(f"Primary endpoint: {t.endpoint}.", w))
        else:
            self.rand_info.set_text(_wrap(f"Disease: {t.disease}.", 40) + "\n\n"
                                    + _wrap(f"Primary endpoint: {t.endpoint}.", 40))
        self.alt = _randomised_alt(t)

    def _update_single(self, t) -> None:
        self._set_form("single")
        self._blank(["arm_txt"])
        for bar in self.arm.values():
            bar.set_width(0)
        self.nr_arrow.set_visible(False)
        self.hr_dot.set_data([], [])
        self.hr_ci.set_data([], [])
        for txt in (self.hr_txt, self.verdict, self.rand_info):
            txt.set_text("")
        n_cr = round((t.cr or 0) * 100)
        n_cri = round((t.cri or 0) * 100)
        n_pr = round((t.pr or 0) * 100)  # 0 in leukaemia trials (no partial category)
        counts = {"cr": n_cr, "cri": n_cri, "pr": n_pr, "none": 100 - n_cr - n_cri - n_pr}
        start = 0
        for key, label, _c, _m in self.CATS:
            n = counts[key]
            self.scatters[key].set_offsets(self.xy[start:start + n] if n else np.empty((0, 2)))
            start += n
            if self.phone or self.slides:  # slides: clear of the side effects' tick labels
                label = self.PHONE_LABELS.get(key, label)
            self.leg[key].set_text(f"{label}: {n}")
        vals = [t.crs_any, t.crs_grade3plus, t.neuro_any, t.neuro_grade3plus]
        for bar, txt, v, _yb in zip(self.bars, self.bar_txt, vals, (3, 2, 1, 0), strict=False):
            if v is None:
                bar.set_width(0)
                txt.set_text("not\nverified")
                txt.set_x(2)
            else:
                bar.set_width(v * 100)
                txt.set_text(_per100(v))
                # outside the bar while it fits (the phone axes leave room past 100)
                txt.set_x(v * 100 + 2 if v < (0.96 if self.phone else 0.85) else v * 100 - 12)
        sep = "\n" if self.phone else " "
        self.title.set_text(f"{t.name}: {t.product},{sep}{t.n_infused} people treated")
        cri = f"{n_cri} complete remission with incomplete count recovery, " if n_cri else ""
        self.alt = (f"{t.name}: of 100 people, {n_cr} complete response, {cri}{n_pr} partial, "
                    f"{counts['none']} none.")


def _show_axes(ax, on: bool) -> None:
    """Show or hide an axes with its axis and tick labels: those texts have no ``.axes``, so
    hiding them too keeps layout checks (explainer.diagrams.check) from seeing them."""
    ax.set_visible(on)
    ax.xaxis.label.set_visible(on)
    ax.yaxis.label.set_visible(on)
    ax.tick_params(which="both", labelbottom=on, labelleft=on)


def _wrap(text: str, width: int) -> str:
    import textwrap
    return "\n".join(textwrap.wrap(text, width))


def _randomised_alt(t) -> str:
    def arm(months, not_reached):
        if not_reached:
            return "not reached"
        return "not verified" if months is None else f"{months:.1f} months"
    hr = ("hazard ratio not verified" if t.hazard_ratio is None
          else f"hazard ratio {hr_text(t.hazard_ratio)}")
    return (f"{t.name}: median {t.endpoint} {arm(t.median_months_cart, t.median_not_reached)} "
            f"with CAR-T versus {arm(t.median_months_control, False)} with standard care; "
            f"{hr}; {t.result} trial.")


def _per100(x: float) -> str:
    """A rate as people out of 100, with the published decimal: 0.46 -> "46", 0.024 -> "2.4"."""
    return f"{x * 100:.1f}".rstrip("0").rstrip(".")
