"""Scene "Where CRS comes from" (notebook 04): the cytokine cascade behind CRS.

Switched-on CAR-T cells release interferon-γ (IFN-γ) and GM-CSF; macrophages and monocytes answer
with much more cytokine, above all IL-6 and IL-1; IL-6 acts through its receptor on cells of the
body (drawn: the lining of a blood vessel), and fever and falling blood pressure follow.
Toggles show where the two main drugs act: tocilizumab sits on the IL-6 receptor (IL-6 is still
drawn, but cannot bind, and the IL-6-driven effects fall); corticosteroids damp the immune cells
broadly (fewer molecules are released at both stages).

The amounts are ILLUSTRATIVE (a teaching cartoon, not a model): ``levels()`` gives them.
Sources (cited in the notebook): Lee et al. 2014 (Blood; IL-6, IFN-γ, tocilizumab, steroids),
Giavridis et al. 2018 and Norelli et al. 2018 (Nat Med; macrophage/monocyte IL-6 and IL-1 drive
CRS), Morris et al. 2022 (Nat Rev Immunol; review of CRS including GM-CSF and the myeloid loop).
"""

from __future__ import annotations

import math

import numpy as np
from matplotlib import patches
from matplotlib.collections import LineCollection
from matplotlib.lines import Line2D

from . import scenekit as kit
from .style import COLORS

CYT = COLORS["cytokine"]
DRUG = COLORS["chemo"]
#: marker per cytokine (all orange; the shape says which)
MARK = {"ifng": "o", "gmcsf": "s", "il6": "^", "il1": "D"}
N_MAX = {"ifng": 9, "gmcsf": 7, "il6": 16, "il1": 9}
T_XY, U_XY, M_XY = (15.5, 18.0), (4.5, 18.0), (44.0, 18.0)
R_T, R_U, R_M = 6.0, 4.0, 7.5
VESSEL_X = 66.0
RECEPTOR_Y = (8.0, 13.5, 19.0, 24.5)
THERMO_X, DIAL_XY, DIAL_R = 79.0, (91.5, 13.0), 6.0


def levels(*, tocilizumab: bool, steroids: bool) -> dict:
    """ILLUSTRATIVE relative amounts (0-1) for the cartoon: what each toggle changes.

    Steroids damp both the CAR-T cells' and the macrophages' release; tocilizumab leaves the
    amount of IL-6 alone but blocks its receptor, so only the IL-6-driven share of fever and
    low blood pressure falls (IL-1 still acts)."""
    for name, v in (("tocilizumab", tocilizumab), ("steroids", steroids)):
        if not isinstance(v, bool):
            raise TypeError(f"{name} must be True or False; got {v!r}")
    damp = 0.45 if steroids else 1.0
    car = damp
    mac = damp * car ** 0.5  # macrophages answer the CAR-T signal, and are damped themselves
    il6_acting = 0.0 if tocilizumab else mac
    fever = 0.75 * il6_acting + 0.25 * mac
    bp_drop = 0.8 * il6_acting + 0.2 * mac
    return {"car": car, "mac": mac, "il6_acting": il6_acting, "fever": fever,
            "bp_drop": bp_drop}


#: Phones: the cascade (cells, cytokines, vessel) on top, this much higher; the
#: corticosteroid note under it; the thermometer and the blood-pressure dial under that.
PHONE_ROW1_Y = 33.5
PHONE_THERMO_X, PHONE_DIAL_XY = 12.0, (38.0, 13.0)


class CrsDiagram(kit.SceneDiagram):
    title = "Where cytokine release syndrome (CRS) comes from"
    phone_view = (0.0, 74.0, 0.0, PHONE_ROW1_Y + 35.2)
    phone_caption_lines = 4
    phone_settings_lines = 2

    def _place(self) -> None:
        """Where the cells, receptors and gauges sit (phones: stacked, see PHONE_ROW1_Y)."""
        oy = PHONE_ROW1_Y if self.phone else 0.0
        self.oy = oy
        self.T_XY, self.U_XY, self.M_XY = ((x, y + oy) for x, y in (T_XY, U_XY, M_XY))
        self.RECEPTOR_Y = tuple(y + oy for y in RECEPTOR_Y)
        self.THERMO_X = PHONE_THERMO_X if self.phone else THERMO_X
        self.DIAL_XY = PHONE_DIAL_XY if self.phone else DIAL_XY

    def build_scene(self, ax) -> None:
        phone = self.phone
        if not phone:
            self.caption.set_y(0.105)
        H = self.height_units
        self._place()
        T_XY, U_XY, M_XY, RECEPTOR_Y = self.T_XY, self.U_XY, self.M_XY, self.RECEPTOR_Y
        THERMO_X, DIAL_XY, oy = self.THERMO_X, self.DIAL_XY, self.oy
        # cells: a tumour cell, a CAR-T cell touching it, a macrophage
        kit.cell(ax, radius=R_U, kind="tumour", nucleus=True).place(*U_XY)
        self.car_t = self.moving(kit.cell(ax, radius=R_T, kind="car_t"))
        ax.text(T_XY[0], T_XY[1] - R_T - 3.4, "CAR-T cell", ha="center", va="top",
                color=COLORS["car_t"], fontweight="bold")
        ax.text(U_XY[0] - (0 if phone else 1), U_XY[1] + R_U + 1.0, "tumour", ha="center",
                va="bottom", color=COLORS["tumour"])
        self.mac = self.moving(kit.cell(ax, radius=R_M, kind="macrophage"))
        ax.text(M_XY[0], M_XY[1] - R_M - 2.4, "macrophage /\nmonocyte", ha="center", va="top",
                color="#444444", fontweight="bold")
        self.glow = [self.moving(ax.add_patch(patches.Circle(xy, r + 1.2, fill=False,
                                                              edgecolor=kit.MOLECULE["signal"],
                                                              lw=4, zorder=1)))
                     for xy, r in ((T_XY, R_T), (M_XY, R_M))]
        # the blood vessel lining with IL-6 receptors
        ax.add_patch(patches.Rectangle((VESSEL_X, 2.0 + oy), 5.0, H - oy - 11.0,
                                       facecolor=kit.tint(COLORS["red_cells"], 0.8),
                                       edgecolor=COLORS["red_cells"], lw=2, hatch="\\\\",
                                       zorder=1))
        ax.text(VESSEL_X + 2.5, 14.0 + oy, "blood vessel lining", ha="center", va="center",
                rotation=90, color=COLORS["red_cells"], zorder=4,
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.5})
        ax.add_collection(LineCollection([[(VESSEL_X, y), (VESSEL_X - 2.2, y)]
                                          for y in RECEPTOR_Y], colors="black", linewidths=2,
                                         zorder=3))
        ax.scatter([VESSEL_X - 2.6] * len(RECEPTOR_Y), RECEPTOR_Y, s=90, marker="o",
                   facecolors="white", edgecolors="black", linewidths=1.5, zorder=3)
        # phones: above the vessel (under it, the larger text meets the lowest receptor)
        ax.text(VESSEL_X + 5.0 if phone else VESSEL_X - 1.0, H - 8.6 if phone else 2.6 + oy,
                "IL-6\nreceptors", ha="right", va="bottom", fontsize=None)
        # drugs: tocilizumab caps on the receptors; steroid rings round the immune cells
        self.toci = self.moving(ax.scatter([VESSEL_X - 3.3] * len(RECEPTOR_Y), RECEPTOR_Y,
                                           s=140, marker="s", c=DRUG, edgecolors="black",
                                           linewidths=0.8, zorder=6))
        # phones: right under the vessel (above it sits the cytokine key)
        self.toci_label = self.moving(ax.text(VESSEL_X + 5.0, oy - 5.5 if phone else H - 8.0,
                                              "tocilizumab\nblocks the receptor", ha="right",
                                              va="top" if phone else "bottom", color=DRUG,
                                              fontweight="bold", zorder=8))
        self.ster = [self.moving(ax.add_patch(patches.Circle(xy, r + 2.4, fill=False,
                                                              edgecolor=DRUG, lw=2.5, ls="--",
                                                              zorder=6)))
                     for xy, r in ((T_XY, R_T), (M_XY, R_M))]
        self.ster_label = self.moving(ax.text(37.0 if phone else 30.0,
                                              oy - 2.6 if phone else 1.0,
                                              "corticosteroids (dashed rings) damp both cells",
                                              ha="center", va="bottom", color=DRUG,
                                              fontweight="bold", zorder=8,
                                              fontsize=self.font(0.85) if phone else None))
        # cytokines
        self.mol = {k: self.moving(kit.Molecules(ax, color=CYT, marker=m,
                                                 size=55 if m != "D" else 38))
                    for k, m in MARK.items()}
        rng = np.random.default_rng(4)
        self._jit = {k: rng.uniform(-1, 1, size=(n, 2)) for k, n in N_MAX.items()}
        # gauges: thermometer and blood-pressure dial
        ax.add_patch(patches.FancyBboxPatch((THERMO_X - 1.1, 6.0), 2.2, 20.0,
                                            boxstyle="round,pad=0.3", facecolor="white",
                                            edgecolor="black", lw=1.5, zorder=3))
        ax.add_patch(patches.Circle((THERMO_X, 5.0), 2.0, facecolor=COLORS["tumour"],
                                    edgecolor="black", lw=1.5, zorder=4))
        self.mercury = self.moving(ax.add_patch(patches.Rectangle(
            (THERMO_X - 0.6, 5.0), 1.2, 4.0, facecolor=COLORS["tumour"], zorder=5)))
        for t, frac in (("37 °C", 0.15), ("40 °C", 0.95)):
            y = 6.0 + 20.0 * frac
            ax.plot([THERMO_X + 1.3, THERMO_X + 2.0], [y, y], color="black", lw=1)
            ax.text(THERMO_X + 2.3, y, t, ha="left", va="center", fontsize=None)
        ax.text(THERMO_X, 27.2, "temperature", ha="center", va="bottom")
        th = np.linspace(0, math.pi, 40)
        cx, cy = DIAL_XY
        ax.plot(cx + DIAL_R * np.cos(th), cy + DIAL_R * np.sin(th), color="black", lw=1.5)
        ax.add_patch(patches.Wedge(DIAL_XY, DIAL_R, 0, 45, width=1.2,
                                   facecolor=kit.tint(COLORS["tumour"], 0.4), edgecolor="none"))
        ax.text(cx - DIAL_R, cy - 0.8, "normal", ha="center", va="top")
        ax.text(cx + DIAL_R, cy - 0.8, "low", ha="center", va="top")
        ax.text(cx, cy + DIAL_R + 1.0, "blood\npressure", ha="center", va="bottom")
        self.needle = self.moving(ax.plot([cx, cx], [cy, cy + DIAL_R], color="black", lw=2.5,
                                          solid_capstyle="round", zorder=6)[0])
        self.effect_text = self.dynamic(ax.text(73.5 if phone else 99.5, 0.5, "",
                                                ha="right", va="bottom",
                                                fontweight="bold", zorder=8),
                                        cache_text=True)
        handles = [Line2D([], [], ls="", marker=m, mfc=CYT, mec="black",
                          ms=7 if m != "D" else 6, label=lab)
                   for m, lab in (("o", "IFN-γ"), ("s", "GM-CSF"), ("^", "IL-6"),
                                  ("D", "IL-1"))]
        # phones: inside the picture (above it sits the title)
        ax.legend(handles=handles, loc="upper left", ncol=4, frameon=False,
                  bbox_to_anchor=(0.0, 1.0 if phone else 1.03), handletextpad=0.2,
                  columnspacing=0.9, title="cytokines (orange):", alignment="left",
                  **({"title_fontsize": self.font(0.85)} if phone else {}))

    def draw_scene(self, frame: kit.SceneFrame) -> None:
        st = frame.state
        toci = bool(frame.options.get("tocilizumab"))
        ster = bool(frame.options.get("steroids"))
        lv = levels(tocilizumab=toci, steroids=ster)
        T_XY, M_XY, RECEPTOR_Y = self.T_XY, self.M_XY, self.RECEPTOR_Y
        self.car_t.place(*T_XY)
        self.mac.place(*M_XY)
        self.glow[0].set_alpha(st["car_on"] * (0.5 + 0.5 * lv["car"]))
        self.glow[1].set_alpha(st["mac_on"] * (0.5 + 0.5 * lv["mac"]))
        for c in self.ster:
            c.set_visible(ster)
        self.ster_label.set_visible(ster)
        self.toci.set_visible(toci)
        self.toci_label.set_visible(toci)
        # CAR-T cytokines travel to the macrophage
        u = st["rel_car"]
        for k, dy in (("ifng", 2.0), ("gmcsf", -2.0)):
            n = round(N_MAX[k] * lv["car"] * min(1.0, 3 * u)) if u > 0 else 0
            start = np.array([T_XY[0] + R_T + 0.5, T_XY[1] + dy])
            end = np.array([M_XY[0] - R_M - 3.5, M_XY[1] + dy])
            centre = start + (end - start) * u
            self.mol[k].set(centre + self._jit[k][:n] * (1.2 + 2.0 * u, 2.2))
        # macrophage cytokines travel to the vessel; IL-6 binds its receptors (unless blocked)
        v, b = st["rel_mac"], st["bind"]
        for k, dy in (("il6", 2.5), ("il1", -4.0)):
            n = round(N_MAX[k] * lv["mac"] * min(1.0, 3 * v)) if v > 0 else 0
            start = np.array([M_XY[0] + R_M + 1.0, M_XY[1] + dy])
            end = np.array([VESSEL_X - 8.5, M_XY[1] + dy * 0.6])
            centre = start + (end - start) * v
            pts = centre + self._jit[k][:n] * (1.5 + 2.0 * v, 5.0 if k == "il6" else 3.0)
            if k == "il6" and n:
                m = min(n, len(RECEPTOR_Y))
                dock_x = VESSEL_X - (4.6 if toci else 3.3)  # blocked: held in front of the cap
                dock = np.column_stack([np.full(m, dock_x), RECEPTOR_Y[:m]])
                pts[:m] = pts[:m] + (dock - pts[:m]) * b
            self.mol[k].set(pts)
        # effects
        e = st["effect"]
        fever, drop = e * lv["fever"], e * lv["bp_drop"]
        self.mercury.set_height(1.0 + 20.0 * (0.15 + 0.8 * fever))
        ang = math.pi - (math.pi * 0.85) * drop
        cx, cy = self.DIAL_XY
        self.needle.set_data([cx, cx + 0.85 * DIAL_R * math.cos(ang)],
                             [cy, cy + 0.85 * DIAL_R * math.sin(ang)])
        if e < 0.5:
            self.effect_text.set_text("")
        else:
            word = ("high fever,\nlow blood pressure" if fever > 0.6 else
                    "mild fever" if fever > 0.15 else "little fever")
            self.effect_text.set_text(word)


def storyboard(*, tocilizumab: bool, steroids: bool) -> kit.Storyboard:
    """Six key frames for every combination of the two toggles."""
    levels(tocilizumab=tocilizumab, steroids=steroids)  # validates
    K = kit.Keyframe
    s = (" Corticosteroids damp them, so fewer are released." if steroids else "")
    bind = ("IL-6 binds its receptor on cells of the body, such as the lining of blood vessels."
            if not tocilizumab else
            "Tocilizumab sits on the IL-6 receptor: IL-6 is still there but cannot bind.")
    if tocilizumab:
        end = ("With the IL-6 receptor blocked, the fever and the fall in blood pressure ease; "
               "IL-1 still acts.")
    elif steroids:
        end = ("With less cytokine, fever and low blood pressure are milder: corticosteroids "
               "calm CRS.")
    else:
        end = ("Fever and falling blood pressure follow: this is cytokine release syndrome "
               "(CRS).")
    keys = [
        K("CAR-T cells grip their target (CD19) on tumour cells and are switched on.",
          {"car_on": 0.0, "rel_car": 0.0, "mac_on": 0.0, "rel_mac": 0.0, "bind": 0.0,
           "effect": 0.0}),
        K("Switched-on CAR-T cells release cytokines: interferon-γ (IFN-γ) and GM-CSF "
          "(granulocyte-macrophage colony-stimulating factor)." + s,
          {"car_on": 1.0, "rel_car": 1.0}),
        K("Macrophages and monocytes, cells of the innate immune system, pick up these signals "
          "and are switched on.", {"mac_on": 1.0}),
        K("They release far more cytokines, above all interleukin-6 (IL-6) and IL-1." + s,
          {"rel_mac": 1.0}),
        K(bind, {"bind": 1.0}),
        K(end, {"effect": 1.0}),
    ]
    return kit.Storyboard(keys, frames_per_step=8)
