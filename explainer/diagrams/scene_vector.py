"""Scene "From virus to receptor" (notebook 02): how a lentiviral vector puts the CAR gene in.

A lentiviral vector particle binds an activated T cell, its envelope fuses with the membrane and
its core enters; the vector's RNA is copied into DNA (reverse transcription), the DNA is carried
into the nucleus and integrated into the T cell's own DNA; the CAR gene is then read
(transcribed into messenger RNA, translated into protein) and CAR molecules appear on the
surface. Source (cited in the notebook): Milone & O'Doherty 2018 (Leukemia; the lentiviral
vector life cycle in clinical use).

How many copies this one cell receives (0 to 3) is a control; how likely that number is comes
from the Poisson transduction model (:mod:`explainer.models.engineering`), passed in by the
scene explorer as options (``moi``, ``copies``, ``probability``): nothing is computed here.
With 0 copies nothing enters and no CAR appears. Drawing more CAR molecules for more copies is
*illustrative* ("some CAR versus none" is the sourced part).
"""

from __future__ import annotations

import math

import numpy as np
from matplotlib import patches

from . import scenekit as kit
from .style import COLORS

MAX_COPIES = 3
#: CAR molecules drawn per integrated copy (illustrative: more copies, more CAR).
CARS_PER_COPY = 4

CELL_X, CELL_Y, CELL_R = 54.0, 16.5, 15.0
NUC_X, NUC_Y, NUC_W, NUC_H = 57.0, 13.5, 17.0, 11.0
CHROM_X0, CHROM_LEN, CHROM_Y = 49.5, 15.0, 15.0
#: where each particle docks on the membrane (degrees from the cell centre) and starts from
DOCK_DEG = (160.0, 188.0, 134.0)
START = ((5.0, 24.0), (17.0, 16.0), (20.0, 31.0))
#: phones: the third particle starts clear of the (larger) "lentiviral vector" label
PHONE_START = ((5.0, 24.0), (17.0, 16.0), (25.5, 28.5))
#: where each copy integrates along the chromosome (x)
SITES = (52.0, 58.0, 61.5)
#: CAR molecules stand on the upper arc of the membrane, between these angles (degrees)
CAR_ARC = (20.0, 150.0)
CAR_SIZE = 0.55
PIECE_LEN = 4.0


def percent(p: float) -> str:
    """A share as a percentage that never rounds a small non-zero share to "0%"."""
    v = 100.0 * p
    if v == 0 or v >= 1:
        return f"{v:.0f}%"
    return f"{v:.2g}%"


def _on_circle(deg: float, r: float) -> tuple[float, float]:
    a = math.radians(deg)
    return CELL_X + r * math.cos(a), CELL_Y + r * math.sin(a)


def _lerp(a, b, u):
    return a[0] + (b[0] - a[0]) * u, a[1] + (b[1] - a[1]) * u


def car_angles(n: int) -> list[float]:
    """Angles (degrees) of ``n`` CAR molecules spread over the upper arc of the membrane."""
    if n <= 0:
        return []
    lo, hi = CAR_ARC
    if n == 1:
        return [0.5 * (lo + hi)]
    return list(np.linspace(hi, lo, n))


class VectorDiagram(kit.SceneDiagram):
    title = "From virus to receptor: how the CAR gene gets in"
    #: Phones see the particles and the cell; the readout moves under the cell (y < 0) and the
    #: CAR count to the left of the cell, where the particles were.
    phone_view = (0.0, 74.0, -12.2, 35.5)
    phone_settings_lines = 2

    def build_scene(self, ax) -> None:
        phone = self.phone
        if not phone:
            # two-line captions sit a little higher, clear of the "Cartoon, not to scale" note
            self.caption.set_position((0.5, 0.1))
        # the activated T cell, its nucleus and a stretch of its own DNA (chromosome)
        kit.cell(ax, radius=CELL_R, kind="normal_t", nucleus=False).place(CELL_X, CELL_Y)
        ax.add_patch(patches.Ellipse((NUC_X, NUC_Y), NUC_W, NUC_H,
                                     facecolor=kit.tint(COLORS["normal_t"], 0.6),
                                     edgecolor=COLORS["normal_t"], lw=1.5, ls="--", zorder=3))
        ax.text(NUC_X, NUC_Y - NUC_H / 2 - 0.4, "nucleus", ha="center",
                va="top", fontsize=self.font(0.8), color="#333333", zorder=6)
        kit.dna(ax, length=CHROM_LEN, turns=5).place(CHROM_X0, CHROM_Y)
        # phones: under the cell (inside, it sits on the "nucleus" label)
        ax.text(CELL_X, CELL_Y - CELL_R - (0.4 if phone else -1.2), "Activated T cell",
                ha="center", va="top" if phone else "bottom",
                fontweight="bold", color=COLORS["text"], zorder=6)
        # moving parts, one set per possible copy
        self.particles, self.rnas, self.pieces, self.mrnas = [], [], [], []
        for _ in range(MAX_COPIES):
            self.particles.append(self.moving(kit.virus(ax, radius=2.6)))
            rna = kit.Group(ax)
            t = np.linspace(-2.0, 2.0, 30)
            for dy in (-0.4, 0.4):
                rna.add(ax.plot(t, dy + 0.3 * np.sin(t * 4), color=kit.MOLECULE["rna"], lw=2.2,
                                zorder=5)[0])
            self.rnas.append(self.moving(rna))
            piece = kit.dna(ax, length=PIECE_LEN, turns=2.0, height=1.8,
                            color=kit.MOLECULE["car_gene"])
            for a in piece.artists:
                a.set_zorder(5)
            self.pieces.append(self.moving(piece))
            m = kit.Group(ax)
            for dx, dy in ((0.0, 0.0), (1.2, 1.6), (-1.0, -1.5)):
                t2 = np.linspace(-1.4, 1.4, 24)
                m.add(ax.plot(dx + t2, dy + 0.3 * np.sin(t2 * 5), color=kit.MOLECULE["rna"],
                              lw=2.0, zorder=5)[0])
            self.mrnas.append(self.moving(m))
        self.cars = []
        for _ in range(MAX_COPIES * CARS_PER_COPY):
            g, _parts = kit.car(ax, size=CAR_SIZE)
            self.cars.append(self.moving(g))
        # labels that follow the action
        small, smaller = self.font(0.85), self.font(0.8)
        self.vector_label = self.moving(ax.text(0, 0, "lentiviral vector", ha="left",
                                                va="bottom", fontsize=small,
                                                color="#00604A", zorder=8))
        self.gene_label = self.moving(ax.text(0, 0, "CAR gene", ha="center", va="bottom",
                                              fontsize=smaller, color=kit.MOLECULE["car_gene"],
                                              fontweight="bold", zorder=8))
        self.rna_label = self.moving(ax.text(0, 0, "", ha="left", va="center",
                                             fontsize=smaller, zorder=8))
        # a key to the strands (shape and label, not colour alone)
        kx, ky = 2.0, 9.0
        t = np.linspace(0, 3.0, 30)
        ax.plot(kx + t, ky + 0.3 * np.sin(t * 4), color=kit.MOLECULE["rna"], lw=2.2)
        ax.text(kx + 3.8, ky, "RNA (vector or messenger)", va="center", fontsize=smaller)
        kit.dna(ax, length=3.0, turns=1.5, height=1.4,
                color=kit.MOLECULE["car_gene"]).place(kx, ky - 3.2)
        ax.text(kx + 3.8, ky - 3.2, "vector DNA: the CAR gene", va="center",
                fontsize=smaller)
        kit.dna(ax, length=3.0, turns=1.5, height=1.4).place(kx, ky - 6.4)
        ax.text(kx + 3.8, ky - 6.4, "the T cell's own DNA", va="center", fontsize=smaller)
        # the readout: copies in this cell, and how likely that is at this MOI (the model);
        # phones: under the cell, and the CAR count left of the cell
        x0 = 77.0
        head_xy, readout_xy, car_xy = (((1.0, -3.4), (1.0, -6.5), (1.0, 21.0)) if phone else
                                       ((x0, self.height_units - 1.0),
                                        (x0, self.height_units - 8.6), (x0, 7.0)))
        self.readout_head = self.dynamic(ax.text(*head_xy, "", ha="left",
                                                 va="top", fontweight="bold", zorder=8),
                                         cache_text=True)
        self.readout = self.dynamic(ax.text(*readout_xy, "", ha="left",
                                            va="top", fontsize=small, zorder=8,
                                            linespacing=1.2 if phone else 1.35),
                                    cache_text=True)
        self.car_label = self.dynamic(ax.text(*car_xy, "", ha="left", va="top",
                                              fontsize=small, fontweight="bold",
                                              linespacing=1.3, zorder=8), cache_text=True)

    def draw_scene(self, frame: kit.SceneFrame) -> None:
        opts = frame.options
        starts = PHONE_START if self.phone else START
        k = int(opts.get("copies", 1))
        approach, fuse, rt = frame["approach"], frame["fuse"], frame["rt"]
        to_nuc, integ = frame["to_nucleus"], frame["integrate"]
        tx, tl = frame["transcribe"], frame["translate"]
        for i in range(MAX_COPIES):
            used = i < k
            dock = _on_circle(DOCK_DEG[i], CELL_R + 2.2)
            inside = _on_circle(DOCK_DEG[i], CELL_R - 3.2)
            if k == 0 and i == 0:
                # no copy for this cell: a particle drifts past without delivering its gene
                p = _lerp(starts[0], (27.0, 30.0), approach)
                self.particles[i].place(*p, alpha=1.0 - 0.55 * approach, visible=True)
            elif used:
                p = _lerp(starts[i], dock, approach)
                p = _lerp(p, _on_circle(DOCK_DEG[i], CELL_R), fuse)
                self.particles[i].place(*p, scale=1.0 - 0.5 * fuse,
                                        alpha=max(0.0, 1.0 - 1.2 * fuse), visible=fuse < 0.99)
            else:
                self.particles[i].show(False)
            # the vector's RNA, then (reverse transcribed) its DNA, inside the cell
            rna_vis = used and fuse > 0.01 and rt < 0.99
            self.rnas[i].place(*inside, alpha=min(1.0, fuse) * (1.0 - rt), visible=rna_vis)
            site = (SITES[i] - PIECE_LEN / 2, CHROM_Y)
            edge = (NUC_X - NUC_W / 2 + 1.5, (10.2, 12.4, 17.6)[i])
            pos = _lerp((inside[0] - PIECE_LEN / 2, inside[1]), edge, to_nuc)
            pos = _lerp(pos, site, integ)
            self.pieces[i].place(*pos, alpha=rt, visible=used and rt > 0.01)
            # messenger RNA copies leave the nucleus for the cytoplasm
            m_from = (SITES[i], CHROM_Y + 1.5)
            m_to = _on_circle(60.0 + 20.0 * i, CELL_R - 4.5)
            self.mrnas[i].place(*_lerp(m_from, m_to, tx), alpha=min(1.0, 3 * tx) * (1 - tl),
                                visible=used and 0.01 < tx and tl < 0.99)
        # CAR molecules: made in the cell (translate 0 -> 0.5), then standing on the membrane
        n = k * CARS_PER_COPY
        angles = car_angles(n)
        for j, g in enumerate(self.cars):
            if j >= n or tl < 0.01:
                g.show(False)
                continue
            deg = angles[j]
            r = CELL_R - 7.0 + 7.0 * tl
            g.place(*_on_circle(deg, r), angle=deg - 90.0, scale=0.5 + 0.5 * tl,
                    alpha=min(1.0, 3 * tl), visible=True)
        # labels
        self.vector_label.set_visible(approach < 0.02)
        self.vector_label.set_position((START[0][0] - 3.0, START[0][1] + 3.6))
        self.gene_label.set_visible(k > 0 and integ > 0.5)
        self.gene_label.set_position((SITES[0], CHROM_Y + 1.6))
        ins = _on_circle(DOCK_DEG[0], CELL_R - 3.2)
        if k > 0 and fuse > 0.5 and rt < 0.5:
            self.rna_label.set_text("vector RNA")
            self.rna_label.set_ha("left")
            self.rna_label.set_color("#8A5A00")
            self.rna_label.set_position((ins[0] - 2.0, ins[1] + 2.4))
        elif k > 0 and rt >= 0.5 and to_nuc < 0.3:
            self.rna_label.set_text("copied into DNA")
            self.rna_label.set_ha("left")
            self.rna_label.set_color(kit.MOLECULE["car_gene"])
            self.rna_label.set_position((ins[0] - 2.0, ins[1] + 2.4))
        elif k > 0 and tx > 0.3 and tl < 0.3:
            self.rna_label.set_text("messenger RNA")
            self.rna_label.set_color("#8A5A00")
            m = _lerp((SITES[0], CHROM_Y + 1.5), _on_circle(60.0, CELL_R - 4.5), tx)
            if self.phone:  # under where it goes (right of it runs past the figure's edge)
                end = _on_circle(60.0, CELL_R - 4.5)
                self.rna_label.set_position((end[0] - 4.0, end[1] - 2.2))
                self.rna_label.set_ha("center")
            else:
                self.rna_label.set_position((m[0] + 2.8, m[1] + 0.2))
        elif k > 0 and 0.3 <= tl < 0.8:
            self.rna_label.set_text("new CAR protein")
            self.rna_label.set_color(COLORS["car_t"])
            if self.phone:  # beside the cell (inside, it covers the new CARs)
                self.rna_label.set_ha("right")
                self.rna_label.set_position((CELL_X - CELL_R - 0.8, CELL_Y + 5.2))
            else:
                self.rna_label.set_ha("left")
                self.rna_label.set_position((CELL_X - 12.0, CELL_Y + 3.2))
        else:
            self.rna_label.set_text("")
        if tl > 0.9 or (k == 0 and frame.step == frame.n_steps):
            self.car_label.set_text(f"{n} CAR molecules drawn\n(illustrative: more\ncopies, "
                                    f"more CAR)" if n else "No CAR: this cell\nstays CAR-negative")
            self.car_label.set_color(COLORS["car_t"] if n else COLORS["tumour"])
        else:
            self.car_label.set_text("")
        # readout from the model
        moi = opts.get("moi")
        prob = opts.get("probability")
        self.readout_head.set_text(f"This cell:{' ' if self.phone else chr(10)}{k} vector "
                                   f"cop{'y' if k == 1 else 'ies'}")
        if moi is not None and prob is not None and self.phone:
            word = "copy" if k == 1 else "copies"
            self.readout.set_text(
                f"MOI {moi:.1f} (vector particles per cell). Poisson model:\n"
                f"{percent(prob)} of cells get exactly {k} {word}; "
                f"{percent(opts.get('fraction_transduced', 0.0))} get at least one.")
        elif moi is not None and prob is not None:
            word = "copy" if k == 1 else "copies"
            self.readout.set_text(
                f"MOI {moi:.1f} (vector\nparticles per cell).\n"
                f"Poisson model:\n{percent(prob)} of cells get\nexactly {k} {word};\n"
                f"{percent(opts.get('fraction_transduced', 0.0))} get at least one.")
        else:
            self.readout.set_text("")


def storyboard(*, copies: int) -> kit.Storyboard:
    """The key frames for a cell that receives ``copies`` (0-3) vector copies: the same number
    of key frames for every copy number, so the step control keeps its range."""
    if copies not in range(MAX_COPIES + 1):
        raise ValueError(f"copies must be 0, 1, 2 or 3; got {copies!r}")
    zero = {"approach": 0.0, "fuse": 0.0, "rt": 0.0, "to_nucleus": 0.0, "integrate": 0.0,
            "transcribe": 0.0, "translate": 0.0}
    if copies == 0:
        caps = [
            "Lentiviral vector particles (a disabled virus carrying the CAR gene) meet T cells "
            "that were first switched on (activated) in the factory.",
            "Particles land on cells at random. This cell is one that no particle delivers "
            "its gene to: none binds and fuses.",
            "Nothing enters, so there is no vector RNA inside this cell.",
            "No RNA to copy: no reverse transcription happens here.",
            "No vector DNA travels to the nucleus.",
            "The T cell's own DNA stays as it was: no CAR gene is written in.",
            "With no CAR gene there is nothing to read (transcribe).",
            "No CAR protein is made (translated).",
            "This cell stays CAR-negative: it cannot recognise CD19. Such cells are part of "
            "every product (untransduced cells).",
        ]
    else:
        s = "" if copies == 1 else "s"
        one = "A" if copies == 1 else f"{copies}"
        caps = [
            "Lentiviral vector particles (a disabled virus carrying the CAR gene) meet T cells "
            "that were first switched on (activated) in the factory.",
            f"{one} particle{s} bind{'s' if copies == 1 else ''} to the T cell: the envelope "
            "protein on the particle grips a receptor on the cell membrane.",
            "The particle's envelope fuses with the cell and its core, carrying the vector RNA, "
            "enters the cytoplasm.",
            "Reverse transcription: the vector's own enzyme (reverse transcriptase) copies its "
            "RNA into DNA.",
            "The vector DNA, still wrapped in viral proteins, is carried into the nucleus.",
            f"Integration: the enzyme integrase writes the DNA into the T cell's own DNA. "
            f"This cell now carries {copies} CAR gene cop{'y' if copies == 1 else 'ies'}, "
            "passed on when it divides.",
            "The cell reads the CAR gene: it is transcribed into messenger RNA, which leaves "
            "the nucleus.",
            "Ribosomes translate the messenger RNA into CAR protein, which is carried to the "
            "cell membrane.",
            "CAR molecules stand on the surface: this is now a CAR-T cell. More copies can mean "
            "more CAR (the numbers drawn are illustrative).",
        ]
    states = [zero, {"approach": 1.0}, {"fuse": 1.0}, {"rt": 1.0}, {"to_nucleus": 1.0},
              {"integrate": 1.0}, {"transcribe": 1.0}, {"translate": 0.5},
              {"translate": 1.0}]
    if copies == 0:  # the one particle drifts past; everything else stays still
        states = [zero, {"approach": 1.0}] + [{} for _ in range(7)]
    return kit.Storyboard([kit.Keyframe(c, st) for c, st in zip(caps, states, strict=True)],
                          frames_per_step=8)
