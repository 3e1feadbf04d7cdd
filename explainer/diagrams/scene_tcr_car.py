"""Scene "TCR or CAR" (notebook 02): how each receptor recognises a cancer cell.

Left, an ordinary T cell: its T-cell receptor (TCR) can only recognise a peptide held up by HLA
(MHC) on the other cell. Right, a CAR-T cell: the chimeric antigen receptor's binder (scFv) grips
CD19 itself, with no HLA, and the signal runs down through the costimulatory domain to CD3ζ.
Sources (cited in the notebook): June & Sadelain 2018 (NEJM; CAR structure and HLA-independent
recognition), Sadelain, Brentjens & Rivière 2013 (Cancer Discov; CAR generations and signalling),
and for loss of HLA as a tumour escape from T cells, Dhatchinamoorthy et al. 2021 (Front Immunol).
"""

from __future__ import annotations

from matplotlib import patches

from . import scenekit as kit
from .style import COLORS

#: Membrane heights in scene units: tumour cell (top), T cells when far and when docked.
TUMOUR_Y = 26.0
SIZE = 1.5  # receptors drawn large (a cartoon: real receptors are ~10 nm, cells ~10 µm)
T_FAR = 7.5
#: membrane height at which each receptor touches its target (receptor top + target depth)
T_DOCKED = {"car": TUMOUR_Y - (5.9 + 3.95) * SIZE + 0.5, "tcr": TUMOUR_Y - (4.05 + 3.65) * SIZE}
LEFT_X, RIGHT_X = 25.0, 75.0
T_RADIUS = 22.0


class TcrCarDiagram(kit.SceneDiagram):
    title = "TCR or CAR: how a T cell recognises a cancer cell"

    def build_scene(self, ax) -> None:
        # the cancer cell: a large cell whose lower membrane spans the top of the picture
        ax.add_patch(patches.Rectangle((-1, TUMOUR_Y), self.width_units + 2, 20,
                                       facecolor=kit.tint(COLORS["tumour"], 0.85),
                                       edgecolor="none", zorder=1))
        ax.plot([0, self.width_units], [TUMOUR_Y, TUMOUR_Y], color=COLORS["tumour"], lw=3,
                zorder=1)
        ax.text(50, self.height_units - 1.0, "Cancer cell (B-cell leukaemia)", ha="center",
                va="top", color=COLORS["tumour"], fontweight="bold")
        self.pmhc = self.moving(kit.peptide_mhc(ax, size=SIZE).place(LEFT_X, TUMOUR_Y))
        self.pmhc_label = self.moving(ax.text(LEFT_X + 2.2, TUMOUR_Y - 2.5, "peptide on HLA",
                                              ha="left", va="center", color="#5A2A4A"))
        self.cd19 = self.moving(kit.antigen(ax, name="CD19", size=SIZE).place(RIGHT_X, TUMOUR_Y))
        # two T cells below, each a big arc whose top is the membrane the receptor stands on
        self.cells, self.receptors, self.labels = {}, {}, {}
        for side, kind, name in (("tcr", "normal_t", "T cell: TCR"),
                                 ("car", "car_t", "CAR-T cell: CAR")):
            dx, ha = (3.5, "left") if side == "tcr" else (-3.5, "right")
            g = kit.Group(ax)
            g.add(patches.Circle((0, -T_RADIUS), T_RADIUS,
                                 facecolor=kit.tint(COLORS[kind], 0.85),
                                 edgecolor=COLORS[kind], lw=3, zorder=2))
            g.add(ax.text(dx, -3.5, name, ha=ha, va="center", color="black",
                          fontweight="bold", zorder=6))
            self.cells[side] = self.moving(g)
        self.receptors["tcr"] = self.moving(kit.tcr(ax, size=SIZE))
        car, parts = kit.car(ax, size=SIZE)
        self.receptors["car"] = self.moving(car)
        self.car_parts = parts
        self.on_text = {side: self.moving(ax.text(0, T_FAR, "", ha="left" if side == "tcr"
                                                  else "right", va="center",
                                                  fontweight="bold", zorder=6))
                        for side in ("tcr", "car")}
        self.part_labels = [self.moving(ax.text(RIGHT_X + 2.2, 0, text, ha="left",
                                                va="center", fontsize=None, zorder=6))
                            for text in ("binder (scFv)", "4-1BB", "CD3ζ")]
        self._edge = {id(p): (p.get_edgecolor(), p.get_linewidth())
                      for ps in parts.values() for p in ps}

    def draw_scene(self, frame: kit.SceneFrame) -> None:
        hide = bool(frame.options.get("hide_mhc"))
        self.pmhc.place(LEFT_X, TUMOUR_Y, alpha=0.0 if hide else 1.0)
        self.pmhc_label.set_text("HLA lost: no peptide shown" if hide else "peptide on HLA")
        self.pmhc_label.set_color(COLORS["tumour"] if hide else "#5A2A4A")
        for side, x in (("tcr", LEFT_X), ("car", RIGHT_X)):
            approach = frame[f"{side}_approach"]
            y = T_FAR + (T_DOCKED[side] - T_FAR) * approach
            self.cells[side].place(x, y)
            self.receptors[side].place(x, y)
            on = frame[f"{side}_on"]
            self.on_text[side].set_position((x + (3.5 if side == "tcr" else -3.5), y - 7.5))
            self.on_text[side].set_text("Switched on: kills" if on > 0.5 else
                                        ("Not switched on" if frame.step == frame.n_steps
                                         else ""))
            self.on_text[side].set_color(COLORS["car_t"] if on > 0.5 else "#444444")
        # the signal runs from the binder (top) down to CD3ζ
        y = T_FAR + (T_DOCKED["car"] - T_FAR) * frame["car_approach"]
        signal = frame["car_signal"]
        order = ["binder", "hinge", "tm", "costim", "cd3z", "itams"]
        for i, name in enumerate(order):
            lit = signal >= (i + 1) / len(order) - 1e-9
            for p in self.car_parts[name]:
                edge, lw = self._edge[id(p)]
                p.set_edgecolor(kit.MOLECULE["signal"] if lit else edge)
                p.set_linewidth(3.0 if lit else lw)
        for t, dy in zip(self.part_labels, (5.0, -2.2, -4.8), strict=True):
            t.set_position((RIGHT_X + 2.6, y + dy * SIZE))


def storyboard(*, hide_mhc: bool) -> kit.Storyboard:
    """The key frames (same count with and without HLA, so the step control keeps its range)."""
    start = {"tcr_approach": 0.0, "car_approach": 0.0, "car_signal": 0.0, "tcr_on": 0.0,
             "car_on": 0.0}
    if hide_mhc:
        tcr_dock, tcr_on = 0.55, 0.0
        seen = ("The tumour has lost its HLA (MHC), as some tumours do to escape T cells: "
                "the TCR finds nothing to recognise. The CAR looks for CD19 itself.")
        docked = ("The TCR cannot dock: there is no peptide on HLA. The CAR's binder (scFv) "
                  "grips CD19 directly, with no HLA needed.")
        result = ("Only the CAR-T cell is switched on: a CAR still works when the tumour "
                  "hides its HLA.")
    else:
        tcr_dock, tcr_on = 1.0, 1.0
        seen = ("The TCR can only recognise a small piece of protein (a peptide) held up by "
                "HLA, also called MHC. The CAR looks for CD19, a protein on the surface itself.")
        docked = ("The TCR docks on its peptide held by HLA; the CAR's binder (scFv) grips CD19 "
                  "directly, with no HLA needed.")
        result = ("Both T cells are switched on. But only the CAR's target, CD19, is the same "
                  "on every patient's B-cell cancer.")
    return kit.Storyboard([
        kit.Keyframe("Two T cells meet a cancer cell. Left: an ordinary T cell with its own "
                     "receptor (TCR). Right: a CAR-T cell with a chimeric antigen receptor (CAR).",
                     start),
        kit.Keyframe(seen, {"tcr_approach": 0.5, "car_approach": 0.5}),
        kit.Keyframe(docked, {"tcr_approach": tcr_dock, "car_approach": 1.0}),
        kit.Keyframe("Inside the CAR-T cell the signal runs down the CAR: binder, hinge, "
                     "transmembrane part, the costimulatory domain (4-1BB) and CD3ζ.",
                     {"car_signal": 1.0}),
        kit.Keyframe(result, {"tcr_on": tcr_on, "car_on": 1.0}),
    ], frames_per_step=8)
