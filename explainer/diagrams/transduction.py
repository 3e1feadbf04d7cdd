"""Transduction: the Poisson distribution of vector copies per cell, a field of cells, and what
differs between the lentiviral and the γ-retroviral vector.

Top left: bars give the share of all cells with 0, 1, 2, ... copies (the last bar is "10 or
more"); bars above the illustrative copy-number limit are yellow, right of a dashed line. Top
right: 400 cells (seeded, so the same picture for the same settings): untransduced cells are
hollow grey circles, transduced cells filled blue circles (darker = more copies), cells above the
limit are yellow squares with a black edge. Shapes, not only colours, carry the meaning.

Bottom strip, drawn for the chosen vector (the Poisson arithmetic is the same for both):

* **Into the nucleus.** A T cell with its nucleus; the vector's DNA (blue arrow) reaches the
  cell's own DNA (black). Lentiviral: the nuclear envelope is intact (solid, with gaps for the
  pores) and the DNA goes through a pore: HIV integrates in cells arrested in the cell cycle
  (Lewis & Emerman 1994, J Virol 68:510). γ-retroviral: the envelope is drawn broken (dashed)
  around condensed chromosomes, a cell in mitosis: murine leukaemia virus DNA integrates only
  after the cell passes through mitosis, which breaks the nuclear envelope down (Roe et al. 1993,
  EMBO J 12:2099; Lewis & Emerman 1994). Resting T cells are not transduced well by lentiviral
  vectors either, so both are given activated T cells (Maurice et al. 2002, Blood 99:2342).
* **Where the copies land.** A stretch of the cell's DNA with an enhancer, a gene start (bent
  arrow) and an active gene; ▼ marks where copies tend to integrate. γ-retroviral (MLV): near
  gene starts (Wu et al. 2003, Science 300:1749) and at enhancers and promoters (Cattoglio et
  al. 2010, Blood 116:5507); lentiviral (HIV): anywhere along active genes (Schröder et al.
  2002, Cell 110:521; Wu et al. 2003). The marks show a tendency, not measured positions.

The strip is static for each vector: its two forms are cached backgrounds
(:meth:`~explainer.diagrams.base.Diagram.use_background`), so a slider step still draws only
the bars, the field and the labels. On a phone (480 x 640 px) the panels stack: bars on top,
the field and the nucleus beside each other, the gene strip at the bottom; text is 10 pt or more.
"""

from __future__ import annotations

import textwrap

import numpy as np
from matplotlib.colors import to_rgba
from matplotlib.lines import Line2D
from matplotlib.patches import Arc, Circle, FancyArrowPatch, Rectangle

from . import style
from .base import Diagram

N_BARS = 11          # 0..9 and "10+"
N_CELLS = 400
_SIDE = 20
VECTORS = ("lentiviral", "gamma-retroviral")

#: What the strip says for each vector: (heading, text) for the nucleus and for the gene.
NUCLEUS_TEXT = {
    "lentiviral": ("Into the nucleus: through its pores",
                   "The vector's DNA crosses the intact nuclear envelope, so the activated "
                   "T cell does not have to divide."),
    "gamma-retroviral": ("Into the nucleus: only in mitosis",
                         "The vector's DNA cannot cross the intact nuclear envelope; it gets in "
                         "when the envelope breaks down as the cell divides, so the T cells "
                         "must be dividing."),
}
GENE_TEXT = {
    "lentiviral": ("Where the copies land: along active genes",
                   "▼ Lentiviral copies land anywhere along active genes."),
    "gamma-retroviral": ("Where the copies land: near gene starts",
                         "▼ γ-retroviral copies cluster near gene starts and enhancers."),
}
#: Where the ▼ marks sit on the drawn stretch of DNA (x from 0 to 100; a tendency, drawn).
_SITES = {"lentiviral": (42, 50, 57, 63, 70, 77, 84, 91),
          "gamma-retroviral": (11, 15, 19, 25, 29, 38, 41, 45)}
_ENHANCER = (10.0, 19.0)   # x range of the enhancer box
_GENE = (34.0, 97.0)       # x range of the gene (from its start)

# Layout in figure pixels (x, y, width, height) for each style; y from the bottom.
_LAYOUT = {
    "notebook": dict(size=(9.0, 5.6), heading=(18, 528), legend=(886, 528),
                     bars=(99, 221, 369, 286), field=(504, 167, 378, 340),
                     nuc_head=(10, 152), nuc=(10, 6, 125, 125), nuc_body=(148, 124),
                     gene_head=(470, 152), gene_body=(470, 124), gene=(470, 6, 420, 92),
                     wrap=(42, 58), rule=160, ms=40),
    "slides": dict(size=(12.0, 7.2), heading=(24, 676), legend=(1182, 676),
                   bars=(132, 342, 492, 300), field=(672, 262, 504, 396),
                   nuc_head=(12, 238), nuc=(12, 8, 180, 180), nuc_body=(206, 198),
                   gene_head=(612, 238), gene_body=(612, 198), gene=(612, 8, 578, 120),
                   wrap=(31, 40), rule=250, ms=75),
    "phone": dict(size=(4.8, 6.4), heading=(8, 616), legend=(474, 616),
                  bars=(80, 424, 390, 178), field=(2, 176, 164, 164),
                  nuc_head=(174, 366), nuc=(172, 228, 112, 112), nuc_body=(290, 336),
                  gene_head=(8, 168), gene_body=(8, 148), gene=(8, 4, 464, 104),
                  wrap=(23, 62), rule=None, ms=20),
}


def _blues(k: np.ndarray) -> np.ndarray:
    """Light to dark blue with the copy number (1 -> light, >= 6 -> darkest)."""
    light, dark = np.array(to_rgba("#A6D2F0")), np.array(to_rgba(style.COLORS["car_t"]))
    t = np.clip((k - 1) / 5.0, 0, 1)[:, None]
    return light * (1 - t) + dark * t


class TransductionDiagram(Diagram):
    shape = "wide"

    def build(self) -> None:
        c = style.COLORS
        slides = self.style == "slides"
        phone = self._phone = self.style == "phone"
        small = "medium" if slides else 10 if phone else "small"
        lay = _LAYOUT[self.style]
        fig = self.fig
        fig.set_size_inches(lay["size"])
        w_px, h_px = lay["size"][0] * 100, lay["size"][1] * 100

        def rect(r):
            x, y, w, h = r
            return [x / w_px, y / h_px, w / w_px, h / h_px]

        def at(p):
            return p[0] / w_px, p[1] / h_px

        ax = self.ax = fig.add_axes(rect(lay["bars"]))
        ax.set_xlim(-0.6, N_BARS - 0.4)
        ax.set_ylim(0, 1.0)
        ax.set_xticks(range(N_BARS))
        ax.set_xticklabels([str(i) for i in range(N_BARS - 1)] + ["10+"])
        ax.set_xlabel("vector copies in a cell")
        ax.set_ylabel("share of all cells")
        ax.yaxis.set_major_formatter(lambda v, _p: f"{v:.0%}")
        if phone:
            ax.set_yticks([0, 0.25, 0.5, 0.75, 1.0])
        self.bars = [self.dynamic(b) for b in ax.bar(range(N_BARS), np.zeros(N_BARS), width=0.8,
                                                     color=c["car_t"], ec=c["text"])]
        self.bars[0].set_facecolor("white")
        self.bars[0].set_edgecolor(c["neutral"])
        self.limit_line = self.dynamic(ax.axvline(5.5, color=c["text"], ls="--", lw=1.5))
        self.limit_text = self.dynamic(ax.text(5.6, 0.97, "", ha="left", va="top",
                                               fontsize=small))
        # field of cells
        fx = self.fx = fig.add_axes(rect(lay["field"]))
        fx.set_xlim(-1, _SIDE)
        fx.set_ylim(-1, _SIDE)
        fx.set_aspect("equal")
        fx.set_axis_off()
        g = np.arange(N_CELLS)
        self._xy = np.column_stack([g % _SIDE, g // _SIDE]).astype(float)
        ms = lay["ms"]
        self.untransduced = self.dynamic(fx.scatter([], [], s=ms, facecolors="none",
                                                    edgecolors=c["neutral"], marker="o"))
        self.transduced = self.dynamic(fx.scatter([], [], s=ms, marker="o", linewidths=0))
        self.above = self.dynamic(fx.scatter([], [], s=ms * 1.2, marker="s",
                                             facecolors=c["highlight"], edgecolors=c["text"],
                                             linewidths=1.2))
        self.heading = self.dynamic(fig.text(*at(lay["heading"]), "", ha="left", va="bottom",
                                             fontsize=small, fontweight="bold"))
        fig.text(*at(lay["legend"]), "400 cells: ○ none ● CAR ■ above limit", ha="right",
                 va="bottom", fontsize=small)
        # the strip: what differs between the vectors (static, one form per vector)
        if lay["rule"] is not None:
            y = lay["rule"] / h_px
            fig.add_artist(_hline(y, c["light"]))
        nx = self.nx = fig.add_axes(rect(lay["nuc"]))
        nx.set_xlim(0, 50)
        nx.set_ylim(0, 50)
        nx.set_aspect("equal")
        nx.set_axis_off()
        gx = self.gx = fig.add_axes(rect(lay["gene"]))
        gx.set_xlim(0, 100)
        gx.set_ylim(0, 21)
        gx.set_axis_off()
        wrap_nuc, wrap_gene = lay["wrap"]
        self._forms: dict[str, list] = {}
        for v in VECTORS:
            arts = []
            head, body = NUCLEUS_TEXT[v]
            arts.append(fig.text(*at(lay["nuc_head"]), head, ha="left", va="top",
                                 fontsize=small, fontweight="bold"))
            arts.append(fig.text(*at(lay["nuc_body"]), textwrap.fill(body, wrap_nuc),
                                 ha="left", va="top", fontsize=small, linespacing=1.25))
            head, body = GENE_TEXT[v]
            arts.append(fig.text(*at(lay["gene_head"]), head, ha="left", va="top",
                                 fontsize=small, fontweight="bold"))
            arts.append(fig.text(*at(lay["gene_body"]), textwrap.fill(body, wrap_gene),
                                 ha="left", va="top", fontsize=small, linespacing=1.25))
            arts += _draw_nucleus(nx, v, slides)
            arts += _draw_sites(gx, v, small, slides)
            self._forms[v] = arts
        _draw_gene(gx, small, slides)
        self._vector = None
        self._show_vector("lentiviral")

    def _show_vector(self, vector: str) -> None:
        if vector == self._vector:
            return
        for v, arts in self._forms.items():
            for a in arts:
                a.set_visible(v == vector)
        self._vector = vector
        self.use_background(vector)

    def update(self, v) -> None:
        t = v.transduction
        self._show_vector(v.vector)
        dist = t.distribution(N_BARS - 1)
        for i, (bar, p) in enumerate(zip(self.bars, dist, strict=False)):
            bar.set_height(p)
            if i:
                bar.set_facecolor(style.COLORS["highlight"] if i > v.vcn_limit
                                  else style.COLORS["car_t"])
        self.heading.set_text(f"{v.vector_label.split()[0]}, MOI {t.moi:g}")
        x = v.vcn_limit + 0.5
        self.limit_line.set_xdata([x, x])
        # a phone's narrow axes: from a limit of 6 the label goes left of the line
        left = self._phone and v.vcn_limit >= 6
        self.limit_text.set_position((x - 0.1 if left else x + 0.1, 0.97))
        self.limit_text.set_ha("right" if left else "left")
        self.limit_text.set_text(f"limit {v.vcn_limit}\n(illustrative)")
        copies = v.copies
        zero = copies == 0
        hi = copies > v.vcn_limit
        mid = ~zero & ~hi
        self.untransduced.set_offsets(self._xy[zero])
        self.transduced.set_offsets(self._xy[mid])
        self.transduced.set_facecolors(_blues(copies[mid]))
        self.above.set_offsets(self._xy[hi])
        name = "γ-retroviral" if v.vector == "gamma-retroviral" else "lentiviral"
        entry = ("crosses the intact nuclear envelope through its pores, so the activated T "
                 "cell need not divide" if v.vector == "lentiviral" else
                 "gets into the nucleus only when the envelope breaks down in mitosis, so the "
                 "T cells must be dividing")
        where = ("anywhere along active genes" if v.vector == "lentiviral" else
                 "near gene starts and enhancers")
        self.alt = (f"Bar chart of copies per cell at MOI {t.moi:g} and a field of "
                    f"{len(copies)} cells, {int(hi.sum())} above the limit of {v.vcn_limit}. "
                    f"Below, the {name} vector: its DNA {entry}; its copies land {where}.")


def _hline(y: float, colour) -> Line2D:
    """A thin rule across the figure at height ``y`` (figure fraction)."""
    return Line2D([0.01, 0.99], [y, y], color=colour, lw=1.5)


def _draw_gene(gx, small, slides) -> None:
    """The stretch of the T cell's DNA shared by both vectors: enhancer, gene start, gene."""
    c = style.COLORS
    lw = 2.5 if slides else 2.0
    gx.plot([0, 100], [8, 8], color=c["text"], lw=lw, solid_capstyle="butt")
    gx.add_patch(Rectangle((_ENHANCER[0], 6.3), _ENHANCER[1] - _ENHANCER[0], 3.4,
                           fc=c["neutral"], ec=c["text"], lw=1))
    gx.text(sum(_ENHANCER) / 2, 5.0, "enhancer", ha="center", va="top", fontsize=small)
    gx.add_patch(Rectangle((_GENE[0], 6.0), _GENE[1] - _GENE[0], 4.0, fc=c["light"],
                           ec=c["text"], lw=1))
    gx.text(sum(_GENE) / 2, 5.0, "active gene", ha="center", va="top", fontsize=small)
    # the gene start: a bent arrow from the gene's first base
    x0 = _GENE[0]
    gx.add_patch(FancyArrowPatch((x0, 10.0), (x0 + 6.0, 17.5), arrowstyle="-|>",
                                 mutation_scale=12 if not slides else 16, lw=1.5,
                                 color=c["text"], connectionstyle="angle,angleA=90,angleB=0,rad=0"))
    gx.text(x0 + 7.0, 17.5, "gene start", ha="left", va="center", fontsize=small)


def _draw_sites(gx, vector: str, small, slides) -> list:
    """Where this vector's copies tend to land (▼ over the DNA)."""
    c = style.COLORS
    xs = _SITES[vector]
    (line,) = gx.plot(xs, [12.2] * len(xs), ls="none", marker="v", ms=9 if slides else 7,
                      mfc=c["car_t"], mec=c["text"], mew=0.8)
    return [line]


def _draw_nucleus(nx, vector: str, slides) -> list:
    """A T cell and its nucleus: the vector's DNA (blue arrow) reaching the cell's DNA."""
    c = style.COLORS
    arts = []
    cx, cy, r_cell = 25.0, 25.0, 23.0
    nxc, nyc, r = 28.0, 23.0, 12.5
    arts.append(nx.add_patch(Circle((cx, cy), r_cell, fc=_tint(c["normal_t"], 0.75),
                                    ec=c["normal_t"], lw=1.5)))
    env_lw = 3.0 if slides else 2.2
    if vector == "lentiviral":
        arts.append(nx.add_patch(Circle((nxc, nyc), r, fc="white", ec="none")))
        pores = (165.0, 75.0, 255.0, 345.0)
        gap = 18.0
        starts = sorted(p + gap / 2 for p in pores)
        for a0 in starts:
            nxt = min((p - gap / 2 for p in pores if p - gap / 2 > a0), default=None)
            a1 = nxt if nxt is not None else min(pores) - gap / 2 + 360.0
            arts.append(nx.add_patch(Arc((nxc, nyc), 2 * r, 2 * r, theta1=a0, theta2=a1,
                                         color=c["text"], lw=env_lw)))
        # each pore is framed by its pore complex: short bars across the envelope
        for p in pores:
            for a in (p - gap / 2, p + gap / 2):
                u = np.radians(a)
                arts += nx.plot([nxc + (r - 1.8) * np.cos(u), nxc + (r + 1.8) * np.cos(u)],
                                [nyc + (r - 1.8) * np.sin(u), nyc + (r + 1.8) * np.sin(u)],
                                color=c["text"], lw=env_lw * 0.8, solid_capstyle="butt")
        # the cell's own DNA, loose in the nucleus
        t = np.linspace(0, 1, 60)
        arts += nx.plot(nxc - 6 + 13 * t, nyc - 3 + 2.2 * np.sin(t * 14), color=c["text"],
                        lw=1.5)
        # the vector's DNA comes in from outside the cell, through the pore at 165 degrees
        arts.append(nx.add_patch(FancyArrowPatch((1.0, 44.0), (nxc - 4.0, nyc + 0.5),
                                                 arrowstyle="-|>", mutation_scale=14,
                                                 lw=2.5, color=c["car_t"],
                                                 connectionstyle="arc3,rad=0.25")))
    else:
        arts.append(nx.add_patch(Circle((nxc, nyc), r, fc="white", ec="none")))
        # the envelope broken into pieces (mitosis)
        for a0 in range(0, 360, 40):
            arts.append(nx.add_patch(Arc((nxc, nyc), 2 * r, 2 * r, theta1=a0, theta2=a0 + 16,
                                         color=c["neutral"], lw=env_lw)))
        # condensed chromosomes: short crossed rods
        for (x, y) in ((nxc - 5, nyc + 2), (nxc + 3, nyc + 4), (nxc + 1, nyc - 5)):
            for d in (1, -1):
                arts += nx.plot([x - 1.6, x + 1.6], [y - 2.4 * d, y + 2.4 * d],
                                color=c["text"], lw=2.6, solid_capstyle="round")
        arts.append(nx.add_patch(FancyArrowPatch((1.0, 44.0), (nxc - 6.5, nyc + 3.0),
                                                 arrowstyle="-|>", mutation_scale=14,
                                                 lw=2.5, color=c["car_t"],
                                                 connectionstyle="arc3,rad=0.25")))
    return arts


def _tint(colour, amount: float):
    """``colour`` mixed with white (amount 0: unchanged, 1: white)."""
    r, g, b, _a = to_rgba(colour)
    return (r + (1 - r) * amount, g + (1 - g) * amount, b + (1 - b) * amount, 1.0)
