"""A CAR drawn across the T-cell membrane, reaching up to its target antigen on a cancer cell.

From the top: the cancer cell's surface (vermillion, hatched) with the target antigen; the
binder (scFv: two linked domains; VHH: two single domains in a row); the hinge; the
transmembrane domain crossing the T-cell membrane (grey band); then, inside the T cell, the
costimulatory domain(s), an IL-2Rβ fragment for generation 5, and CD3ζ with its three ITAMs
(tick marks). Generation 4 adds released IL-12 (orange stars). Every domain is labelled
directly, so colour is never the only cue.

Rendering is cached per design: the explorer has a finite number of states, and a repeated
state returns the PNG drawn before (text drawing dominates the cost of a frame).
"""

from __future__ import annotations

import textwrap
from collections import OrderedDict

from matplotlib.patches import Ellipse, FancyBboxPatch, Rectangle

from . import style
from .base import Diagram

_X = 40.0            # receptor axis
_W = 12.0            # domain width
_H = 5.0             # slot height
_MEM_Y0, _MEM_Y1 = 30.0, 35.0
_MAX_SLOTS = 4       # intracellular slots: up to 2 costim, IL-2Rβ, CD3ζ
_COLOURS = {"binder": "#7FB3D5", "hinge": "#D9D9D9", "transmembrane": "#8C8C8C",
            "costimulatory": style.COLORS["car_t"], "extra": style.COLORS["memory"],
            "signal": "#003F63"}


class ConstructDiagram(Diagram):
    """On a phone (``style="phone"``, a 480 x 520 px figure) the receptor moves left so its
    labels fit beside it, long labels and the title wrap, and text is 10 pt or more."""

    shape = "square"

    def build(self) -> None:
        c = style.COLORS
        slides = self.style == "slides"
        phone = self._phone = self.style == "phone"
        small = "medium" if slides else 10 if phone else "small"
        self._small = small
        self._x = 32.0 if phone else _X
        self._slides = slides
        if phone:  # a little taller than the square: room for a three-line title
            self.fig.set_size_inches(4.8, 5.2)
        if slides:  # 40 px taller (800 x 680): room for a two-line title over the drawing
            self.fig.set_size_inches(8.0, 6.8)
        ax = self.ax = self.fig.add_axes([0.0, 0.0, 1.0, 0.89 if phone else
                                          0.875 if slides else 0.93])
        ax.set_xlim(0, 100)
        ax.set_ylim(0, 75)
        ax.set_axis_off()
        # cancer cell surface (static) and T-cell membrane (static)
        ax.add_patch(Rectangle((0, 68), 100, 7, fc=c["tumour"], alpha=0.35,
                               hatch=style.HATCHES["tumour"], ec=c["tumour"]))
        ax.text(99, 71.5, "cancer cell", ha="right", va="center", fontsize=small,
                fontweight="bold")
        ax.add_patch(Rectangle((0, _MEM_Y0), 100, _MEM_Y1 - _MEM_Y0, fc=c["light"],
                               ec=c["neutral"]))
        ax.text(1, (_MEM_Y0 + _MEM_Y1) / 2, "T-cell membrane", ha="left", va="center",
                fontsize=small)
        ax.text(1, 40, "outside the cell", ha="left", va="center", fontsize=small,
                color=c["neutral"], style="italic")
        ax.text(1, 26, "inside the T cell", ha="left", va="center", fontsize=small,
                color=c["neutral"], style="italic")
        d = self.dynamic
        # antigen: a stalk from the cancer cell and a head
        self.antigen = d(ax.add_patch(FancyBboxPatch((self._x - 3, 60), 6, 8,
                                                     boxstyle="round,pad=0.3",
                                                     fc=c["tumour"], ec=c["text"])))
        self.antigen_label = d(ax.text(self._x + 5, 64, "", ha="left", va="center",
                                       fontsize=small, fontweight="bold"))
        # binder: up to two ellipses
        self.binder = [d(ax.add_patch(Ellipse((0, 0), 1, 1, fc=_COLOURS["binder"],
                                              ec=c["text"], lw=1.5))) for _ in range(2)]
        self.hinge = d(ax.add_patch(Rectangle((self._x - 1.2, 0), 2.4, 1, fc=_COLOURS["hinge"],
                                              ec=c["text"])))
        self.tm = d(ax.add_patch(Rectangle((self._x - 1.5, _MEM_Y0 - 0.5), 3,
                                           _MEM_Y1 - _MEM_Y0 + 1, fc=_COLOURS["transmembrane"],
                                           ec=c["text"])))
        self.slots = [d(ax.add_patch(FancyBboxPatch((self._x - _W / 2, 0), _W, _H - 1.2,
                                                    boxstyle="round,pad=0.4",
                                                    fc=c["car_t"], ec=c["text"])))
                      for _ in range(_MAX_SLOTS)]
        self.itams = d(ax.plot([], [], ls="none", marker="_", ms=8 if phone else 14,
                               mew=2.5 if phone else 3, color="white")[0])
        self.labels = [d(ax.text(self._x + _W / 2 + 3, 0, "", ha="left", va="center",
                                 fontsize=small)) for _ in range(3 + _MAX_SLOTS)]
        self.payload = d(ax.plot([], [], ls="none", marker=style.MARKERS["cytokine"],
                                 ms=13 if phone else 16, color=c["cytokine"],
                                 mec=c["text"])[0])
        self.title = d(self.fig.text(0.02, 0.985, "", ha="left", va="top",
                                     fontweight="bold", fontsize=small))
        self._cache: OrderedDict = OrderedDict()
        self._state = None

    def update(self, k) -> None:
        self._state = (k.binder.key, k.hinge.key, k.transmembrane.key,
                       tuple(p.key for p in k.costimulatory), k.generation, k.preset,
                       k.unverified)
        if self._state in self._cache:
            self.alt = self._cache[self._state][1]
            return
        star = "*" if k.unverified else ""
        labels = []
        # extracellular: hinge from the membrane up, binder on top
        hinge_len = 5.0 * k.hinge.size
        self.hinge.set_bounds(self._x - 1.2, _MEM_Y1, 2.4, hinge_len)
        y_b = _MEM_Y1 + hinge_len
        if k.binder.key == "bcma_vhh2":
            boxes = [((self._x, y_b + 3), 7, 5.5), ((self._x, y_b + 9), 7, 5.5)]
        else:
            boxes = [((self._x - 3.6, y_b + 4.5), 7, 9), ((self._x + 3.6, y_b + 4.5), 7, 9)]
        for e, (xy, w, h) in zip(self.binder, boxes, strict=False):
            e.set_center(xy)
            e.width, e.height = w, h
        top = max(xy[1] + h / 2 for xy, w, h in boxes)
        labels.append((y_b + 4.5, k.binder.label))
        labels.append((_MEM_Y1 + hinge_len / 2, k.hinge.label + (star if "hinge" in
                                                                   k.unverified else "")))
        labels.append((_MEM_Y0 + 2.5 - 0.0, k.transmembrane.label + (
            star if "transmembrane" in k.unverified else "")))
        # antigen reaches down from the cancer cell to just above the binder
        self.antigen.set_y(max(top + 1.0, 56.0))
        self.antigen.set_height(68 - max(top + 1.0, 56.0))
        self.antigen_label.set_text(f"{k.target} (target)")
        # intracellular stack
        doms = [dm for dm in k.domains if dm.kind in ("costimulatory", "extra", "signal")]
        itam_x, itam_y = [], []
        for i, box in enumerate(self.slots):
            if i >= len(doms):
                box.set_visible(False)
                continue
            dm = doms[i]
            y = _MEM_Y0 - 1.2 - (i + 1) * _H
            box.set_visible(True)
            box.set_y(y + 0.6)
            box.set_facecolor(_COLOURS[dm.kind] if dm.key != "4-1bb" else "#56B4E9")
            labels.append((y + _H / 2, dm.label))
            if dm.kind == "signal":
                itam_x += [self._x - 3.5, self._x, self._x + 3.5]
                itam_y += [y + _H / 2] * 3
        self.itams.set_data(itam_x, itam_y)
        for t, (y, text) in zip(self.labels, labels + [(0, "")] * len(self.labels), strict=False):
            t.set_visible(bool(text))
            t.set_y(y)
            # a phone has room for about 34 characters beside the receptor, a slide for 32
            # (wrapped at 24 there, the binders break at their parenthesis)
            width = 30 if self._phone else 24 if self._slides else None
            t.set_text(textwrap.fill(text, width, break_on_hyphens=False) if width else text)
        if k.payload:
            self.payload.set_data([self._x - 20, self._x - 14, self._x - 17], [10, 6, 2])
        else:
            self.payload.set_data([], [])
        name = k.preset or "Custom design"
        gen = f"generation {k.generation}"
        extra = "* not confirmed in a retrieved source" if k.unverified else ""
        pay = "IL-12 payload (stars)" if k.payload else ""
        # a phone gives each part of the title its own line; a slide puts the notes on a second
        head = f"{name}: {k.target} CAR, {gen}"
        if self._slides:
            notes = " · ".join(x for x in (pay, extra) if x)
            self.title.set_text(head + ("\n" + notes if notes else ""))
        else:
            sep = "\n" if self._phone else " · "
            self.title.set_text(sep.join(x for x in (head, pay, extra) if x))
        self.alt = (f"{name}: a {gen} CAR from {k.binder.label} through "
                    f"{k.hinge.label} and {k.transmembrane.label} to "
                    + ", ".join(dm.label for dm in doms) + f", binding {k.target}.")

    def render(self) -> bytes:
        if self._state is not None and self._state in self._cache:
            self._cache.move_to_end(self._state)
            return self._cache[self._state][0]
        png = super().render()
        if self._state is not None:
            self._cache[self._state] = (png, self.alt)
            while len(self._cache) > 256:
                self._cache.popitem(last=False)
        return png
