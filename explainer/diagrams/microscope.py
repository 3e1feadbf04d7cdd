"""The microscope: a patch of marrow with tumour and CAR-T cells, and the counts over time.

Left, the field (model: :func:`explainer.models.microscope.simulate_field`), a cartoon of cells
drawn at one step. Colour is never the only cue:

* tumour cell, antigen-positive: vermillion filled square;
* tumour cell, antigen-negative (invisible to the CAR): vermillion hollow square;
* CAR-T cell, active: blue filled circle;
* CAR-T cell, exhausted: blue "x" (a spent cell);
* CAR-T cell, memory: reddish-purple triangle with a blue edge.

Right, a key with direct labels and a small chart of the counts up to the shown step (tumour
antigen-positive dashed, antigen-negative dotted, CAR-T solid) with a moving time cursor.
``update(view)`` takes a :class:`explainer.models.microscope.FieldView` (a run and a step) and
only sets offsets and data on existing artists.

On a phone (``style="phone"``) the figure is portrait (4.8 × 6.4 in): the run's settings and the
clock above the field, the key beside it (labels on two lines) with the field's scale under the
key, and the counts chart under the field with its legend on two rows; every text 10 pt or more.
"""

from __future__ import annotations

import math

import numpy as np
from matplotlib.lines import Line2D
from matplotlib.ticker import MaxNLocator

from ..models.microscope import CELL_DIAMETER_UM, MINUTES_PER_STEP, FieldView
from . import style
from .base import Diagram

__all__ = ["MicroscopeDiagram"]

# kind -> (label, marker, face, edge, line width, size factor)
_C = style.COLORS
_CELLS = {
    "tumour_positive": ("tumour cell, antigen-positive", "s", _C["tumour"], _C["tumour"], 0.6,
                        1.0),
    "tumour_negative": ("tumour cell, antigen-negative\n(the CAR cannot see it)", "s", "white",
                        _C["tumour"], 1.3, 1.0),
    "car_t_active": ("CAR-T cell, active", "o", _C["car_t"], _C["text"], 0.5, 1.15),
    "car_t_exhausted": ("CAR-T cell, exhausted", "x", _C["car_t"], _C["car_t"], 1.6, 1.0),
    "car_t_memory": ("CAR-T cell, memory", "v", _C["memory"], _C["car_t"], 0.8, 1.3),
}
_SERIES = (("tumour_positive", "tumour, antigen +", _C["tumour"], "--"),
           ("tumour_negative", "tumour, antigen \u2212", _C["tumour"], ":"),
           ("car_t", "CAR-T (all)", _C["car_t"], "-"))
#: the key's labels on a phone, where the key stands in a narrow column beside the field
_PHONE_LABELS = {"tumour_positive": "tumour cell,\nantigen-positive",
                 "tumour_negative": "tumour cell,\nantigen-negative\n(the CAR cannot\nsee it)",
                 "car_t_active": "CAR-T cell,\nactive",
                 "car_t_exhausted": "CAR-T cell,\nexhausted",
                 "car_t_memory": "CAR-T cell,\nmemory"}
#: phone layout in figure pixels (480 × 640): the field's side and top, the chart's top and bottom
_PHONE_SIZE = (4.8, 6.4)
_PHONE_FIELD, _PHONE_FIELD_TOP = 300, 90
_PHONE_CHART = (448, 584)


def _nice_ceil(x: float) -> float:
    if x <= 10:
        return 10.0
    mag = 10 ** math.floor(math.log10(x))
    for m in (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if m * mag >= x:
            return m * mag
    return 10 * mag


class MicroscopeDiagram(Diagram):
    shape = "wide"

    def build(self) -> None:
        fig = self.fig
        self.phone = phone = self.style == "phone"
        if phone:
            fig.set_size_inches(_PHONE_SIZE)
        w, h = fig.get_size_inches()
        if phone:  # pixels from the top -> figure fraction
            W, H = w * fig.dpi, h * fig.dpi
            self.ax = ax = fig.add_axes([6 / W, 1 - (_PHONE_FIELD_TOP + _PHONE_FIELD) / H,
                                         _PHONE_FIELD / W, _PHONE_FIELD / H])
        else:
            side = 0.84 * h  # the field is square
            self.ax = ax = fig.add_axes([0.012, 0.03, side / w, side / h])
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_facecolor("#FBF7F2")
        for sp in ax.spines.values():
            sp.set_visible(True)
            sp.set_color(_C["neutral"])
        ax.set_aspect("equal")
        self._L = None
        self.scatters = {}
        for kind, (_, m, face, edge, lw, _) in _CELLS.items():
            kw = dict(marker=m, linewidths=lw, zorder=3 if kind.startswith("car") else 2)
            if m == "x":
                kw.update(c=edge)
            else:
                kw.update(facecolors=face, edgecolors=edge)
            self.scatters[kind] = self.dynamic(ax.scatter([], [], **kw))
        if phone:
            self._build_phone_text(W, H)
            return
        x0 = 0.012 + side / w + 0.035
        # slides: the small print in "small" (14.2 pt; "x-small" came to 10.5 CSS px in a deck)
        xsmall = "small" if self.style == "slides" else "x-small"
        fig.text(0.012, 0.985, "The microscope: CAR-T cells meet tumour cells (illustrative "
                 "model)", ha="left", va="top", fontweight="bold")
        # slides: a little lower, clear of the settings line above it (now 14 pt)
        self.clock = self.dynamic(fig.text(x0, 0.872 if self.style == "slides" else 0.885, "",
                                           ha="left", va="top",
                                           fontsize="medium"))
        self.scale_text = fig.text(x0, 0.805, "", ha="left", va="top", fontsize=xsmall,
                                   color=_C["text"])
        # the settings of this run in words: every control visibly changes the figure
        self.settings_text = self.dynamic(fig.text(0.012, 0.925, "", ha="left", va="top",
                                                   fontsize=xsmall, color=_C["text"]))
        # key with direct labels
        handles = []
        for _kind, (_label, m, face, edge, lw, f) in _CELLS.items():
            handles.append(Line2D([], [], ls="none", marker=m, ms=8 * f,
                                  mfc=face if m != "x" else edge, mec=edge, mew=lw + 0.4))
        fig.legend(handles, [c[0] for c in _CELLS.values()], loc="upper left",
                   bbox_to_anchor=(x0 - 0.01, 0.76), ncol=2, fontsize="small", frameon=False,
                   handletextpad=0.3, columnspacing=0.9, labelspacing=0.5)
        # counts chart
        self.chart = ch = fig.add_axes([x0 + 0.055, 0.13, 0.99 - x0 - 0.07, 0.30])
        ch.set_xlabel("hours after the CAR-T cells arrive")
        ch.set_ylabel("cells in the field")
        ch.grid(True, alpha=0.25)
        self.lines = {key: self.dynamic(ch.plot([], [], color=col, ls=ls, lw=2.2)[0])
                      for key, _, col, ls in _SERIES}
        if self.style == "slides":  # one row at 14 pt: shorter dashes, from the key's edge
            left = (x0 - 0.005 - ch.get_position().x0) / ch.get_position().width
            more = dict(bbox_to_anchor=(left, 1.32), handlelength=1.6, columnspacing=0.7)
        else:
            more = dict(bbox_to_anchor=(0.0, 1.32), handlelength=2.6, columnspacing=1.0)
        ch.legend([Line2D([], [], color=col, ls=ls, lw=2.2) for _, _, col, ls in _SERIES],
                  [lab for _, lab, _, _ in _SERIES], loc="upper left", ncol=3,
                  fontsize=xsmall, frameon=False, **more)
        self.cursor = self.dynamic(ch.axvline(0, color=_C["text"], lw=1.0, alpha=0.7))
        self.dots = {key: self.dynamic(ch.plot([], [], marker=m, ms=5, color=col, ls="none",
                                               mec=_C["text"], mew=0.5)[0])
                     for (key, _, col, _), m in zip(_SERIES, ("s", "s", "o"), strict=False)}
        self._set_field(600.0)
        self._set_chart(40.0, 1000.0)

    def _build_phone_text(self, W: float, H: float) -> None:
        """The phone layout around the field (see the module docstring), all text >= 10 pt."""
        fig = self.fig
        x_key = (6 + _PHONE_FIELD + 8) / W
        field_top = 1 - _PHONE_FIELD_TOP / H
        field_bottom = 1 - (_PHONE_FIELD_TOP + _PHONE_FIELD) / H
        fig.text(6 / W, 1 - 6 / H, "The microscope (an illustrative model)", ha="left",
                 va="top", fontweight="bold")
        self.settings_text = self.dynamic(fig.text(6 / W, 1 - 30 / H, "", ha="left", va="top",
                                                   fontsize=10, color=_C["text"]))
        self.clock = self.dynamic(fig.text(6 / W, field_top + 4 / H, "", ha="left",
                                           va="bottom", fontsize=11))
        # the scale under the key, level with the field's bottom edge
        self.scale_text = fig.text(x_key, field_bottom, "", ha="left", va="bottom",
                                   fontsize=10, color=_C["text"])
        handles = [Line2D([], [], ls="none", marker=m, ms=8 * f, mfc=face if m != "x" else edge,
                          mec=edge, mew=lw + 0.4)
                   for _kind, (_label, m, face, edge, lw, f) in _CELLS.items()]
        fig.legend(handles, [_PHONE_LABELS[k] for k in _CELLS], loc="upper left",
                   bbox_to_anchor=(x_key - 0.01, field_top + 0.005), ncol=1, fontsize=10,
                   frameon=False, handlelength=1.0, handletextpad=0.5, labelspacing=0.55,
                   borderaxespad=0.0)
        top, bottom = _PHONE_CHART
        self.chart = ch = fig.add_axes([74 / W, 1 - bottom / H, (W - 74 - 14) / W,
                                        (bottom - top) / H])
        ch.set_xlabel("hours after the CAR-T cells arrive")
        ch.set_ylabel("cells in field", fontsize=10, labelpad=3)  # as long as the chart is tall
        ch.grid(True, alpha=0.25)
        ch.xaxis.set_major_locator(MaxNLocator(5, steps=[1, 2, 2.5, 5, 10]))
        ch.yaxis.set_major_locator(MaxNLocator(4, steps=[1, 2, 2.5, 5, 10]))
        self.lines = {key: self.dynamic(ch.plot([], [], color=col, ls=ls, lw=2.2)[0])
                      for key, _, col, ls in _SERIES}
        # two rows above the chart (three entries in one row would not fit 480 px at 10 pt)
        ch.legend([Line2D([], [], color=col, ls=ls, lw=2.2) for _, _, col, ls in _SERIES],
                  [lab for _, lab, _, _ in _SERIES], loc="lower left",
                  bbox_to_anchor=(-68 / (W - 88), 1.02), ncol=2, fontsize=10, frameon=False,
                  handlelength=2.6, columnspacing=1.2, labelspacing=0.3, borderaxespad=0.0)
        self.cursor = self.dynamic(ch.axvline(0, color=_C["text"], lw=1.0, alpha=0.7))
        self.dots = {key: self.dynamic(ch.plot([], [], marker=m, ms=5, color=col, ls="none",
                                               mec=_C["text"], mew=0.5)[0])
                     for (key, _, col, _), m in zip(_SERIES, ("s", "s", "o"), strict=False)}
        self._set_field(600.0)
        self._set_chart(40.0, 1000.0)

    # -- static parts that depend on the run ---------------------------------------------------
    def _set_field(self, L: float) -> None:
        self._L = L
        self.ax.set_xlim(0, L)
        self.ax.set_ylim(0, L)
        if self.phone:  # three short lines under the key
            self.scale_text.set_text(f"field {L:.0f} × {L:.0f} µm\n"
                                     f"cells ~{CELL_DIAMETER_UM:.0f} µm\n"
                                     f"1 step = {MINUTES_PER_STEP:.0f} min")
        else:
            self.scale_text.set_text(f"field {L:.0f} × {L:.0f} µm · cells "
                                     f"~{CELL_DIAMETER_UM:.0f} µm · one step = "
                                     f"{MINUTES_PER_STEP:.0f} min")
        # marker area (points²) so a cell is drawn about one cell diameter wide (at least 3 pt)
        px = self.ax.get_position().width * self.fig.get_size_inches()[0] * self.fig.dpi
        pt = max(CELL_DIAMETER_UM * px / L * 72.0 / self.fig.dpi, 3.0)
        for kind, sc in self.scatters.items():
            sc.set_sizes([(pt * _CELLS[kind][5]) ** 2])

    def _set_chart(self, hours: float, ymax: float) -> None:
        self._chart_key = (hours, ymax)
        self.chart.set_xlim(0, hours)
        self.chart.set_ylim(0, ymax)

    def update(self, view: FieldView) -> None:
        r, step = view.result, int(view.step)
        hours = float(r.hours[-1]) if r.steps else 1.0
        ymax = _nice_ceil(1.05 * max(int(r.tumour.max()), int(r.car_t.max()), 1))
        if r.field_um != self._L or (hours, ymax) != self._chart_key:
            self._set_field(r.field_um)
            self._set_chart(hours, ymax)
            self.use_background((r.field_um, hours, ymax))
        f = r.field_at(step)
        for kind, sc in self.scatters.items():
            xy = f.positions[kind]
            sc.set_offsets(xy if xy.size else np.zeros((0, 2)))
        t = r.hours[: step + 1]
        series = {"tumour_positive": r.tumour_positive, "tumour_negative": r.tumour_negative,
                  "car_t": r.car_t}
        for key, line in self.lines.items():
            line.set_data(t, series[key][: step + 1])
            self.dots[key].set_data([t[-1]], [series[key][step]])
        self.cursor.set_xdata([t[-1], t[-1]])
        pos, neg = int(r.tumour_positive[step]), int(r.tumour_negative[step])
        act, exh, mem = (int(r.car_t_active[step]), int(r.car_t_exhausted[step]),
                         int(r.car_t_memory[step]))
        kills = int(r.kills[step])
        self.clock.set_text(f"hour {f.hours:.1f}   ·   {kills} tumour cells killed so far")
        words = settings_words(r)
        self.settings_text.set_text(_wrap_dots(words, 60) if self.phone else words)
        tumour = pos + neg
        if tumour == 0:
            state = "no tumour cells are left"
        else:
            state = (f"{tumour} tumour cells remain ({pos} antigen-positive, {neg} "
                     f"antigen-negative)")
        self.alt = (f"Hour {f.hours:.1f} of {hours:.0f}: {state}; {act + exh + mem} CAR-T cells "
                    f"({act} active, {exh} exhausted, {mem} memory); {kills} tumour cells "
                    f"killed so far.")


def _wrap_dots(text: str, width: int) -> str:
    """``a · b · c`` on as few lines as fit ``width`` characters, broken only at the dots."""
    lines: list[str] = []
    for part in text.split(" · "):
        if lines and len(lines[-1]) + 3 + len(part) <= width:
            lines[-1] += " · " + part
        else:
            lines.append(part)
    return "\n".join(lines)


def settings_words(r) -> str:
    """The inputs of a run in words (shown under the chart and in the description)."""
    ratio = r.car_t_cells / r.tumour_cells if r.tumour_cells else 0.0
    return (f"patient {r.seed} · {ratio:.2g} CAR-T per tumour cell · antigen-negative "
            f"{r.antigen_negative_fraction:.0%} · antigen density {r.antigen_density:.2g} · "
            f"exhaustion {r.exhaustion:.2g}")
