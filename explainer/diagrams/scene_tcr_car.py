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


#: Phones (issue 13): receptors drawn larger, the cells lower with their names and "switched
#: on" inside them under the receptor (beside it, the two names collide in 480 px), the CAR-T
#: cell a little left so its part labels fit. Membrane heights as above, for this layout.
PHONE = {"size": 2.0, "tumour_y": 49.0, "t_far": 23.0, "left_x": 25.0, "right_x": 71.0}
PHONE["t_docked"] = {"car": PHONE["tumour_y"] - (5.9 + 3.95) * 2.0 + 0.5 * 2.0 / SIZE,
                     "tcr": PHONE["tumour_y"] - (4.05 + 3.65) * 2.0}


class TcrCarDiagram(kit.SceneDiagram):
    title = "TCR or CAR: how a T cell recognises a cancer cell"
    phone_view = (0.0, 100.0, 0.0, PHONE["tumour_y"] + 9.0)

    def build_scene(self, ax) -> None:
        phone = self.phone
        g = PHONE if phone else {"size": SIZE, "tumour_y": TUMOUR_Y, "t_far": T_FAR,
                                 "t_docked": T_DOCKED, "left_x": LEFT_X, "right_x": RIGHT_X}
        self.geo = g
        s, ty, lx, rx = g["size"], g["tumour_y"], g["left_x"], g["right_x"]
        # the cancer cell: a large cell whose lower membrane spans the top of the picture
        ax.add_patch(patches.Rectangle((-1, ty), self.width_units + 2, 20,
                                       facecolor=kit.tint(COLORS["tumour"], 0.85),
                                       edgecolor="none", zorder=1))
        ax.plot([0, self.width_units], [ty, ty], color=COLORS["tumour"], lw=3,
                zorder=1)
        ax.text(50, self.height_units - 1.0, "Cancer cell (B-cell leukaemia)", ha="center",
                va="top", color=COLORS["tumour"], fontweight="bold")
        self.pmhc = self.moving(kit.peptide_mhc(ax, size=s).place(lx, ty))
        # phones: under the membrane (the HLA-lost text has two lines there)
        self.pmhc_label = self.moving(ax.text(lx + (2.9 if phone else 2.2),
                                              ty - (0.9 if phone else 2.5),
                                              "peptide on HLA", ha="left",
                                              va="top" if phone else "center",
                                              color="#5A2A4A"))
        self.cd19 = self.moving(kit.antigen(ax, name="CD19", size=s).place(rx, ty))
        # two T cells below, each a big arc whose top is the membrane the receptor stands on
        self.cells, self.receptors, self.labels = {}, {}, {}
        for side, kind, name in (("tcr", "normal_t", "T cell: TCR"),
                                 ("car", "car_t", "CAR-T cell: CAR")):
            dx, ha = (3.5, "left") if side == "tcr" else (-3.5, "right")
            if phone:
                dx, ha = 0.0, "center"
            grp = kit.Group(ax)
            grp.add(patches.Circle((0, -T_RADIUS), T_RADIUS,
                                   facecolor=kit.tint(COLORS[kind], 0.85),
                                   edgecolor=COLORS[kind], lw=3, zorder=2))
            grp.add(ax.text(dx, -15.6 if phone else -3.5, name, ha=ha, va="center",
                            color="black", fontweight="bold", zorder=6))
            self.cells[side] = self.moving(grp)
        self.receptors["tcr"] = self.moving(kit.tcr(ax, size=s))
        car, parts = kit.car(ax, size=s)
        self.receptors["car"] = self.moving(car)
        self.car_parts = parts
        self.on_text = {side: self.moving(ax.text(0, g["t_far"], "",
                                                  ha="center" if phone else
                                                  ("left" if side == "tcr" else "right"),
                                                  va="center", fontweight="bold", zorder=6))
                        for side in ("tcr", "car")}
        self.part_labels = [self.moving(ax.text(rx + 2.2, 0, text, ha="left",
                                                va="center", fontsize=None, zorder=6))
                            for text in ("binder (scFv)", "4-1BB", "CD3ζ")]
        self._edge = {id(p): (p.get_edgecolor(), p.get_linewidth())
                      for ps in parts.values() for p in ps}

    def draw_scene(self, frame: kit.SceneFrame) -> None:
        g, phone = self.geo, self.phone
        hide = bool(frame.options.get("hide_mhc"))
        self.pmhc.place(g["left_x"], g["tumour_y"], alpha=0.0 if hide else 1.0)
        lost = "HLA lost:\nno peptide shown" if phone else "HLA lost: no peptide shown"
        self.pmhc_label.set_text(lost if hide else "peptide on HLA")
        self.pmhc_label.set_color(COLORS["tumour"] if hide else "#5A2A4A")
        t_far, docked = g["t_far"], g["t_docked"]
        for side, x in (("tcr", g["left_x"]), ("car", g["right_x"])):
            approach = frame[f"{side}_approach"]
            y = t_far + (docked[side] - t_far) * approach
            self.cells[side].place(x, y)
            self.receptors[side].place(x, y)
            on = frame[f"{side}_on"]
            if phone:  # inside the cell, under its name
                self.on_text[side].set_position((x, y - 19.4))
            else:
                self.on_text[side].set_position((x + (3.5 if side == "tcr" else -3.5),
                                                 y - 7.5))
            self.on_text[side].set_text("Switched on: kills" if on > 0.5 else
                                        ("Not switched on" if frame.step == frame.n_steps
                                         else ""))
            self.on_text[side].set_color(COLORS["car_t"] if on > 0.5 else "#444444")
        # the signal runs from the binder (top) down to CD3ζ
        y = t_far + (docked["car"] - t_far) * frame["car_approach"]
        signal = frame["car_signal"]
        order = ["binder", "hinge", "tm", "costim", "cd3z", "itams"]
        for i, name in enumerate(order):
            lit = signal >= (i + 1) / len(order) - 1e-9
            for p in self.car_parts[name]:
                edge, lw = self._edge[id(p)]
                p.set_edgecolor(kit.MOLECULE["signal"] if lit else edge)
                p.set_linewidth(3.0 if lit else lw)
        s = g["size"]
        for t, dy in zip(self.part_labels, (5.0, -2.2, -4.8), strict=True):
            t.set_position((g["right_x"] + (3.5 if phone else 2.6), y + dy * s))


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
