"""Scene "Memory and B-cell aplasia" (notebook 05): after the peak, what stays and what goes.

Left, cells in the blood and bone marrow: at the peak many effector CAR-T cells (blue) clear the
leukaemia (vermillion) and, because the CAR also recognises CD19 on healthy B cells, the normal
B cells too (bluish green). Most effector cells then die back; a few memory CAR-T cells
(reddish purple, dashed outline) stay. Long-lived plasma cells (grey) carry no CD19 and survive.
Right, a gauge of antibody (IgG) in the blood, an illustrative level: it falls over months
without B cells, and immunoglobulin replacement (IVIG) infusions refill it.

Sources (cited in the notebook): Maude et al. 2018 (NEJM; ELIANA, B-cell aplasia), Mueller et al.
2018 (Clin Cancer Res; B-cell return and CAR-T persistence), Bhoj et al. 2016 (Blood; long-lived
plasma cells), Hill et al. 2019 (Blood Rev; hypogammaglobulinaemia and IgG replacement),
Lamble et al. 2023 (CD19-positive relapse), Melenhorst et al. 2022 (decade-long persistence).
"""

from __future__ import annotations

import numpy as np
from matplotlib import patches

from . import scenekit as kit
from .style import COLORS

R = 2.2                      # cell radius in the blood panel (scene units)
N_EFF, N_MEM, N_B, N_PC, N_TUM = 10, 3, 8, 2, 3
IGG_NORMAL = 0.55            # the gauge's lower limit of "normal" (illustrative)
GAUGE_X, GAUGE_W, GAUGE_Y0, GAUGE_H = 76.0, 6.0, 7.0, 17.0


def _slots(height: float) -> np.ndarray:
    """27 fixed, jittered positions in the blood panel (seeded: the same every time)."""
    rng = np.random.default_rng(19)
    xs = np.linspace(6.0, 60.0, 9)
    ys = np.array([11.0, 17.5, 24.0]) * height / 35.0
    pts = np.array([(x, y) for y in ys for x in xs])
    pts += rng.uniform(-0.7, 0.7, pts.shape)
    return pts[rng.permutation(len(pts))]


#: Phones (issue 13): the blood panel as in the notebook (its height, BLOOD_H), and the
#: antibody panel under it, full width and PHONE_GAUGE_H tall, the IVIG bag beside the gauge.
BLOOD_H = 100.0 * 4.2 * 0.74 / (9.0 * 0.98)
PHONE_W, PHONE_GAUGE_H = 67.0, 21.0
PHONE_GAUGE = {"x": 22.0, "y0": 4.5, "h": 12.5, "bag_x": 37.0}


class MemoryDiagram(kit.SceneDiagram):
    title = "Memory and B-cell aplasia: what stays after the peak"
    phone_view = (0.0, PHONE_W, 0.0, PHONE_GAUGE_H + 2.5 + BLOOD_H)
    phone_settings_lines = 2

    def build_scene(self, ax) -> None:
        H = self.height_units
        fs = kit._style.font_size(self.style)
        small = self.font(0.85)
        phone = self.phone
        # the blood panel: phones draw it above the antibody panel (oy higher), as tall as in
        # the notebook
        oy = PHONE_GAUGE_H + 1.5 if phone else 0.0
        Hb = BLOOD_H if phone else H
        top = Hb + oy
        ax.add_patch(patches.FancyBboxPatch((1.0, 1.0 + oy), 65.0, Hb - 2.0,
                                            boxstyle="round,pad=0,rounding_size=2",
                                            facecolor="#FCF7F7", edgecolor="#BBBBBB", lw=1.0,
                                            zorder=0))
        ax.text(2.5, top - 2.0, "Blood and bone marrow", ha="left", va="top",
                fontweight="bold", color="#444444")
        self.time_text = self.dynamic(ax.text(64.5, top - 2.0, "", ha="right", va="top",
                                              fontweight="bold", fontsize=1.1 * fs,
                                              color="#333333"), cache_text=True)
        slots = _slots(Hb) + (0.0, oy)
        kinds = (["car_t"] * N_EFF + ["memory"] * N_MEM + ["normal_b"] * N_B
                 + ["neutral"] * N_PC + ["tumour"] * N_TUM)
        self.pos = {}
        self.groups: dict[str, list] = {k: [] for k in ("car_t", "memory", "normal_b",
                                                         "neutral", "tumour")}
        for (x, y), kind in zip(slots, kinds, strict=False):
            g = self.moving(kit.cell(ax, radius=R, kind=kind))
            self.groups[kind].append(g)
            self.pos[id(g)] = (x, y)
        # B cells and leukaemia cells carry CD19: a small lollipop on top of each
        self.cd19 = []
        for g in self.groups["normal_b"] + self.groups["tumour"]:
            x, y = self.pos[id(g)]
            t = kit.Group(ax)
            t.add(patches.Rectangle((-0.15, R), 0.3, 0.9, facecolor=kit.MOLECULE["antigen"],
                                    edgecolor="none", zorder=4))
            t.add(patches.Circle((0, R + 1.15), 0.42, facecolor=kit.MOLECULE["antigen"],
                                 edgecolor="black", lw=0.4, zorder=4))
            self.cd19.append(self.moving(t))
            self.pos[id(t)] = (x, y)
        # a leukaemia cell that may come back (short persistence), where a leukaemia cell was,
        # ringed and labelled at the top of the panel
        self.relapse_pos = self.pos[id(self.groups["tumour"][0])]
        rel = kit.cell(ax, radius=R * 1.1, kind="tumour")
        rel.add(patches.Circle((0, 0), R * 1.1 + 1.0, facecolor="none",
                               edgecolor=COLORS["tumour"], lw=1.5, ls="--", zorder=6))
        rel.add(patches.Rectangle((-0.15, R * 1.1), 0.3, 0.9, facecolor=kit.MOLECULE["antigen"],
                                  edgecolor="none", zorder=4))
        rel.add(patches.Circle((0, R * 1.1 + 1.15), 0.42, facecolor=kit.MOLECULE["antigen"],
                               edgecolor="black", lw=0.4, zorder=4))
        self.relapse = self.moving(rel.place(*self.relapse_pos, visible=False))
        self.relapse_label = self.dynamic(ax.text(64.5, top - 5.3, "CD19+ leukaemia can return",
                                                  ha="right", va="top", fontsize=small,
                                                  color=COLORS["tumour"], fontweight="bold",
                                                  zorder=7), cache_text=True)
        # legend row: the same shapes and outlines as the cells, with words
        items = (("car_t", "effector CAR-T"), ("memory", "memory CAR-T (dashed)"),
                 ("normal_b", "B cell (CD19+)"), ("neutral", "plasma cell (no CD19)"),
                 ("tumour", "leukaemia (CD19+)"))
        spots = ((3.0, 5.4), (22.0, 5.4), (46.0, 5.4), (3.0, 2.4), (27.0, 2.4))
        if phone:  # the two longest names in the second row
            spots = ((3.0, 5.4), (3.0, 2.4), (23.0, 5.4), (33.0, 2.4), (43.0, 5.4))
        for (kind, text), (x, y) in zip(items, spots, strict=True):
            y += oy
            edge = COLORS[kind]
            ls = (0, (3, 1.5)) if kind == "memory" else "-"
            ax.add_patch(patches.Circle((x, y), 0.9, facecolor=kit.tint(edge, 0.8),
                                        edgecolor=edge, lw=1.6, ls=ls, zorder=3))
            ax.text(x + 1.5, y, text, ha="left", va="center", fontsize=self.font(0.8),
                    zorder=3)
        # -- right (phones: under the blood panel): the antibody gauge --------------------------
        if phone:
            g = PHONE_GAUGE
            box, gx, gy0, gh = (1.0, 1.0, PHONE_W - 2.0, PHONE_GAUGE_H), g["x"], g["y0"], g["h"]
            head = "Antibodies (IgG) in the blood"
            self.bag_xy = (g["bag_x"], gy0 + 0.75 * gh)
        else:
            box, gx = (68.0, 1.0, 31.0, H - 2.0), GAUGE_X
            gy0, gh = GAUGE_Y0 * H / 35.0, GAUGE_H * H / 35.0
            head = "Antibodies (IgG)\nin the blood"
            self.bag_xy = (91.0, gy0 + 0.75 * gh)
        ax.add_patch(patches.FancyBboxPatch(box[:2], *box[2:],
                                            boxstyle="round,pad=0,rounding_size=2",
                                            facecolor="#F7F7F7", edgecolor="#BBBBBB", lw=1.0,
                                            zorder=0))
        ax.text(box[0] + 1.5, box[1] + box[3] - 1.0, head, ha="left", va="top",
                fontweight="bold", color="#444444", linespacing=1.1)
        self.gy0, self.gh = gy0, gh
        ax.add_patch(patches.Rectangle((gx, gy0 + IGG_NORMAL * gh), GAUGE_W,
                                       (1 - IGG_NORMAL) * gh, facecolor="#E4EEF7",
                                       edgecolor="none", zorder=1))
        ax.add_patch(patches.Rectangle((gx, gy0), GAUGE_W, gh, facecolor="none",
                                       edgecolor="#333333", lw=1.4, zorder=4))
        ax.plot([gx - 0.8, gx + GAUGE_W + 0.8], [gy0 + IGG_NORMAL * gh] * 2,
                color="#333333", lw=1.0, ls="--", zorder=4)
        ax.text(gx - 1.0, gy0 + (1 + IGG_NORMAL) / 2 * gh, "normal", ha="right",
                va="center", fontsize=small)
        ax.text(gx - 1.0, gy0 + IGG_NORMAL / 2 * gh, "low", ha="right", va="center",
                fontsize=small)
        ax.text(gx + GAUGE_W / 2, gy0 - 1.0, "illustrative level", ha="center", va="top",
                fontsize=self.font(0.8), style="italic", color="#555555")
        self.fill = self.moving(ax.add_patch(patches.Rectangle(
            (gx, gy0), GAUGE_W, gh, facecolor="#7A7A7A", edgecolor="none", hatch="///",
            zorder=2)))
        # the IVIG bag and its line to the gauge
        bag = kit.Group(ax)
        bag.add(patches.FancyBboxPatch((-2.2, -2.6), 4.4, 5.2, boxstyle="round,pad=0.3",
                                       facecolor="#FFF6D8", edgecolor="#7A5C00", lw=1.5,
                                       zorder=5))
        bag.add(ax.text(0, 0.2, "IVIG", ha="center", va="center", fontweight="bold",
                        fontsize=small, color="#5A4400", zorder=6))
        bag.add(ax.plot([0, 0, -4.5], [-2.9, -5.0, -5.0], color="#7A5C00", lw=1.5,
                        zorder=5)[0])
        self.bag = self.moving(bag)
        # phones: beside the bag (under it, three lines run into the panel's edge)
        label_xy = ((self.bag_xy[0] + 3.6, self.bag_xy[1]) if phone else
                    (91.0, gy0 + 0.45 * gh))
        self.bag_label = self.dynamic(ax.text(*label_xy, "", ha="left" if phone else "center",
                                              va="center" if phone else "top",
                                              fontsize=self.font(0.8), color="#5A4400",
                                              linespacing=1.1), cache_text=True)

    def draw_scene(self, frame: kit.SceneFrame) -> None:
        o = frame.options
        self.time_text.set_text(TIME_LABELS[frame.step - 1])

        def show(groups, amount, *, shrink=True):
            # amount 0..n: cell i is fully there when amount >= i + 1, fading in between
            for i, g in enumerate(groups):
                a = float(np.clip(amount - i, 0.0, 1.0))
                x, y = self.pos[id(g)]
                g.place(x, y, scale=(0.55 + 0.45 * a) if shrink else 1.0, alpha=a,
                        visible=a > 0.01)

        show(self.groups["car_t"], frame["eff"] * N_EFF)
        show(self.groups["memory"], frame["mem"] * N_MEM)
        show(self.groups["normal_b"], frame["b"] * N_B)
        show(self.groups["neutral"], N_PC, shrink=False)
        show(self.groups["tumour"], frame["tum"] * N_TUM)
        cd19_amounts = [frame["b"] * N_B - i for i in range(N_B)] + \
                       [frame["tum"] * N_TUM - i for i in range(N_TUM)]
        for t, amt in zip(self.cd19, cd19_amounts, strict=True):
            a = float(np.clip(amt, 0.0, 1.0))
            x, y = self.pos[id(t)]
            t.place(x, y, scale=0.55 + 0.45 * a, alpha=a, visible=a > 0.01)
        rel = frame["relapse"]
        self.relapse.place(*self.relapse_pos, alpha=0.75 * rel, visible=rel > 0.01)
        self.relapse_label.set_visible(rel > 0.5)
        # gauge and IVIG
        self.fill.set_height(max(0.0, min(1.0, frame["igg"])) * self.gh)
        drip = frame["drip"]
        self.bag.place(*self.bag_xy, alpha=drip, visible=drip > 0.01)
        if drip > 0.5:
            label = "IVIG infusion"
        elif frame["ivig_on"] > 0.5:
            label = ("IVIG on\n(between infusions)" if self.phone else
                     "IVIG on\n(between\ninfusions)")
        else:
            # IVIG was given and has been stopped (B cells back)
            stopped = "IVIG stopped" if self.phone else "IVIG\nstopped"
            label = stopped if o.get("ivig") and frame.step >= 5 else ""
        self.bag_label.set_text(label)


def storyboard(*, persistence: str, ivig: bool) -> kit.Storyboard:
    """Six key frames for every combination of the toggles (the step control keeps its range)."""
    if persistence not in ("long", "short"):
        raise ValueError(f"persistence must be 'long' or 'short'; got {persistence!r}")
    if not isinstance(ivig, bool):
        raise TypeError(f"ivig must be True or False; got {ivig!r}")
    long = persistence == "long"
    k = [
        kit.Keyframe("Weeks 1-2, the peak: many effector CAR-T cells clear the leukaemia cells, "
                     "and normal B cells too, because both carry CD19.",
                     {"eff": 1.0, "mem": 1.0, "b": 1.0, "tum": 1.0, "relapse": 0.0,
                      "igg": 0.9, "drip": 0.0, "ivig_on": 0.0}),
        kit.Keyframe("Weeks 2-4: the leukaemia and the B cells are gone. Most effector CAR-T "
                     "cells die back; a few memory CAR-T cells (dashed outline) stay.",
                     {"eff": 0.1, "b": 0.0, "tum": 0.0, "igg": 0.8}),
        kit.Keyframe("Months 1-3: no B cells (B-cell aplasia), so no new antibody-making cells. "
                     "Long-lived plasma cells lack CD19 and survive, but total antibody (IgG) "
                     "falls.", {"eff": 0.0, "igg": 0.5}),
    ]
    if ivig:
        k.append(kit.Keyframe("Months 3-6: IgG is low, which raises the risk of infections. "
                              "An infusion of immunoglobulin (IVIG: antibodies from donors' "
                              "blood) brings the level back up.",
                              {"igg": 0.85, "drip": 1.0, "ivig_on": 1.0}))
    else:
        k.append(kit.Keyframe("Months 3-6: IgG is low (hypogammaglobulinaemia), which raises "
                              "the risk of infections, especially with bacteria. No "
                              "replacement is given here.", {"igg": 0.28}))
    if long:
        k.append(kit.Keyframe(
            "Month 6: memory CAR-T cells still patrol, so B cells stay absent (a sign the CAR-T "
            "cells work)." + (" IVIG is used up over weeks: infusions repeat." if ivig else ""),
            {"igg": 0.55 if ivig else 0.22, "drip": 0.0}))
        k.append(kit.Keyframe(
            "Year 1 and beyond: a few memory CAR-T cells can last for years; B cells stay away "
            "as long as they do" + (", and IVIG goes on." if ivig else ", and IgG stays low."),
            {"igg": 0.8 if ivig else 0.2, "drip": 1.0 if ivig else 0.0}))
    else:
        k.append(kit.Keyframe(
            "Month 6: the CAR-T cells, memory cells too, are lost. New B cells come back from "
            "the bone marrow and start making antibodies again." + (
                " Fewer infusions are needed." if ivig else ""),
            {"mem": 0.0, "b": 0.5, "igg": 0.6 if ivig else 0.45, "drip": 0.0}))
        k.append(kit.Keyframe(
            "B cells and IgG are back" + (", so IVIG can stop" if ivig else "") + ". But with no "
            "CAR-T cells left, a leukaemia that still carries CD19 can come back "
            "(CD19-positive relapse).",
            {"b": 1.0, "igg": 0.85, "relapse": 1.0, "drip": 0.0, "ivig_on": 0.0}))
    return kit.Storyboard(k, frames_per_step=8)


#: Time labels of the six key frames.
TIME_LABELS = ("Weeks 1-2", "Weeks 2-4", "Months 1-3", "Months 3-6", "Month 6", "Year 1+")
