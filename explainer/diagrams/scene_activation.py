"""Scene "Activation and growth" (notebook 03): beads switch T cells on, the culture fills up.

Left, a close-up of a few cells: a bead coated with antibodies against CD3 and CD28 touches a
resting T cell (signal 1 through CD3, signal 2 through CD28), the cell enlarges into a blast,
takes up the CAR gene and divides. Right, the culture bag: one icon stands for a stated number of
CAR-positive cells, and the number of icons drawn on each day comes from the expansion model
(:func:`explainer.models.expansion.grow`), passed in by the explorer as frame options
(``cells``, ``icons``, ``per_icon``, ``dose_icons``, ``readout``...). This module only draws.

Sources (cited in the notebook): Levine et al. 2017 (Mol Ther Methods Clin Dev; CD3/CD28 bead
activation, transduction and expansion in CAR-T manufacturing) and Abou-el-Enein et al. 2021
(Blood Cancer Discov; manufacturing steps).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib import patches
from matplotlib.collections import LineCollection

from . import scenekit as kit
from .style import COLORS

#: The culture bag holds at most this many icons (20 columns of 5).
ICON_COLS, ICON_ROWS = 20, 5
MAX_ICONS = ICON_COLS * ICON_ROWS
#: Days shown by the key frames (fixed, so every storyboard has the same number of steps).
DAYS = (0.0, 0.0, 1.0, 2.0, 4.0, 6.0, 8.0, 10.0)

CELL_R = 4.6           # close-up T cell radius (scene units)
BEAD_R = 3.0
HOME = (17.0, 15.5)    # the single cell before it divides
BEAD_FAR, BEAD_DOCK = 36.0, HOME[0] + CELL_R + BEAD_R - 0.2
BEAD_Y = HOME[1]
#: Close-up positions of the four cells after the first and second division.
SPLIT1 = ((11.0, 15.5), (26.0, 15.5))
SPLIT2 = ((11.0, 22.5), (11.0, 8.5), (26.0, 22.5), (26.0, 8.5))

BEAD_COLOUR = "#5B4636"   # dark brown: an iron-oxide (magnetic) bead


def _bead(ax) -> kit.Group:
    """A bead with antibody "Y"s standing out all round it."""
    g = kit.Group(ax)
    g.add(patches.Circle((0, 0), BEAD_R, facecolor=BEAD_COLOUR, edgecolor="black", lw=1.0,
                         zorder=4))
    segs = []
    for a in np.linspace(0, 2 * np.pi, 10, endpoint=False):
        c, s = np.cos(a), np.sin(a)
        base, tip = BEAD_R, BEAD_R + 0.9
        segs.append([(base * c, base * s), (tip * c, tip * s)])
        for da in (-0.5, 0.5):  # the two arms of the Y
            segs.append([(tip * c, tip * s),
                         (tip * c + 0.6 * np.cos(a + da), tip * s + 0.6 * np.sin(a + da))])
    g.add(LineCollection(segs, colors="black", linewidths=1.2, zorder=4))
    return g


#: Phones: the close-up on top, the culture bag under it, each PHONE_W units wide.
PHONE_W, PHONE_BAG_H, PHONE_CLOSE_H = 60.0, 28.5, 28.5


class ActivationDiagram(kit.SceneDiagram):
    title = "Activation and growth: from a few T cells to a dose"
    phone_view = (0.0, PHONE_W, 0.0, PHONE_BAG_H + PHONE_CLOSE_H + 3.0)
    phone_settings_lines = 2

    def build_scene(self, ax) -> None:
        H = self.height_units
        fs = kit._style.font_size(self.style)
        small = self.font(0.85)
        phone = self.phone
        # where the close-up's contents sit (offset from the notebook's positions) and its box
        if phone:
            # the four cells with their receptors just fit the box's height ("Close-up" and
            # the cell's name sit at its top corners, beside the cells)
            self.ox, self.oy = 7.0, PHONE_BAG_H + 2.0 - 1.3
            close_box = (1.0, PHONE_BAG_H + 2.0, PHONE_W - 2.0, PHONE_CLOSE_H)
        else:
            self.ox, self.oy = 0.0, 0.0
            close_box = (1.0, 1.0, 45.0, H - 2.0)
        ox, oy = self.ox, self.oy
        close_top = close_box[1] + close_box[3]
        # -- left (phones: top): the close-up --------------------------------------------------
        ax.add_patch(patches.FancyBboxPatch(close_box[:2], *close_box[2:],
                                            boxstyle="round,pad=0,rounding_size=2",
                                            facecolor="#FAFAFA", edgecolor="#BBBBBB", lw=1.0,
                                            zorder=0))
        ax.text(2.5, close_top - 1.0, "Close-up", ha="left", va="top", fontweight="bold",
                color="#444444")
        self.cells_t, self.cells_car = [], []
        for _ in range(4):
            self.cells_t.append(self.moving(kit.cell(ax, radius=CELL_R, kind="normal_t")))
            self.cells_car.append(self.moving(kit.cell(ax, radius=CELL_R, kind="car_t")))
        # CAR receptors on the close-up cells: short sticks with a blue head on the rim
        self.cars = []
        for _ in range(4):
            g = kit.Group(ax)
            segs, heads = [], []
            for a in np.linspace(0.3, 2 * np.pi + 0.3, 6, endpoint=False):
                c, s = np.cos(a), np.sin(a)
                segs.append([(CELL_R * c, CELL_R * s), ((CELL_R + 0.9) * c, (CELL_R + 0.9) * s)])
                heads.append(((CELL_R + 1.2) * c, (CELL_R + 1.2) * s))
            g.add(LineCollection(segs, colors=COLORS["car_t"], linewidths=1.6, zorder=4))
            for x, y in heads:
                g.add(patches.Circle((x, y), 0.38, facecolor=COLORS["car_t"], edgecolor="black",
                                     lw=0.4, zorder=4))
            self.cars.append(self.moving(g))
        self.bead = self.moving(_bead(ax))
        self.bead_label = self.moving(ax.text(0, 0, "bead with\nanti-CD3 + anti-CD28",
                                              ha="center", va="bottom", fontsize=small,
                                              zorder=6))
        # the two signals at the contact point
        self.sig_marks = self.moving(ax.scatter([], [], s=90, marker="*",
                                                c=kit.MOLECULE["signal"], edgecolors="black",
                                                linewidths=0.6, zorder=8))
        self.sig_text = self.moving(ax.text(BEAD_DOCK + BEAD_R + 1.6 + ox, BEAD_Y + oy,
                                            "signal 1: CD3\nsignal 2: CD28", ha="left",
                                            va="center", fontsize=small, zorder=8,
                                            bbox=dict(boxstyle="round,pad=0.25", fc="white",
                                                      ec=kit.MOLECULE["signal"], lw=1.5)))
        cl_xy = (close_box[0] + close_box[2] - 1.5, close_top - 1.2)
        self.close_label = self.dynamic(ax.text(*cl_xy, "", ha="right", va="top",
                                                fontsize=small, color="#333333", zorder=6),
                                        cache_text=True)
        # -- right (phones: under the close-up): the culture bag -------------------------------
        if phone:
            bag_box, bag_top = (1.0, 1.0, PHONE_W - 2.0, PHONE_BAG_H), PHONE_BAG_H + 1.0
            left, right = 2.5, PHONE_W - 2.5
        else:
            bag_box, bag_top, left, right = (49.0, 1.0, 50.0, H - 2.0), H - 1.0, 50.5, 97.5
        ax.add_patch(patches.FancyBboxPatch(bag_box[:2], *bag_box[2:],
                                            boxstyle="round,pad=0,rounding_size=2.5",
                                            facecolor=kit.tint(COLORS["car_t"], 0.95),
                                            edgecolor=COLORS["neutral"], lw=1.5, zorder=0))
        ax.text(left, bag_top - 1.0, "Culture bag", ha="left", va="top", fontweight="bold",
                color="#333333")
        self.bag_title = self.dynamic(ax.text(left, bag_top - (3.9 if phone else 4.2), "",
                                              ha="left", va="top",
                                              fontsize=small, color="#333333"),
                                      cache_text=True)
        self.day_text = self.dynamic(ax.text(right, bag_top - 1.0, "", ha="right", va="top",
                                             fontweight="bold", fontsize=1.15 * fs,
                                             color=COLORS["car_t"]), cache_text=True)
        x0, y_top = (left + 1.5, bag_top - 10.0) if phone else (53.0, H - 11.5)
        self.dx = 2.25
        cols = np.repeat(np.arange(ICON_COLS), ICON_ROWS)
        rows = np.tile(np.arange(ICON_ROWS), ICON_COLS)
        self.slots = np.column_stack([x0 + cols * self.dx, y_top - rows * self.dx])
        self.grid_x0, self.grid_top = x0, y_top
        # empty slots, faint, so the reader sees how full the bag is
        pts_per_unit = (self.px_per_unit * 72 / self.fig.dpi if phone else
                        self.fig.get_size_inches()[0] * 0.98 / self.width_units * 72)
        s = (1.75 * pts_per_unit) ** 2
        ax.scatter(self.slots[:, 0], self.slots[:, 1], s=s, facecolors="none",
                   edgecolors="#D0D0D0", linewidths=0.6, zorder=1)
        self.icons = self.moving(ax.scatter([], [], s=s, marker="o",
                                            facecolors=kit.tint(COLORS["car_t"], 0.55),
                                            edgecolors=COLORS["car_t"], linewidths=1.2,
                                            zorder=3))
        bottom = y_top - (ICON_ROWS - 1) * self.dx
        self.grid_bottom = bottom
        self.dose_line = self.moving(ax.plot([], [], color="black", lw=1.6, ls="--",
                                             zorder=5)[0])
        self.dose_text = self.dynamic(ax.text(0, 0, "", ha="center", va="bottom",
                                              fontsize=small, zorder=6), cache_text=True)
        # the cell count changes every frame; the lines under it only with the controls
        self.count_text = self.dynamic(ax.text(left, bottom - 2.6, "", ha="left", va="top",
                                               fontsize=small, color="#222222"),
                                       cache_text=True)
        self.readout = self.dynamic(ax.text(left, bottom - (5.2 if phone else 5.4), "",
                                            ha="left", va="top", fontsize=small,
                                            color="#222222",
                                            linespacing=1.2 if phone else 1.35),
                                    cache_text=True)

    # -- per frame ------------------------------------------------------------------------------
    def draw_scene(self, frame: kit.SceneFrame) -> None:
        o = frame.options
        # close-up cells: where each of the four is, how big, and whether it carries the CAR
        s1, s2 = frame["split1"], frame["split2"]
        blast, car = frame["blast"], frame["car"]
        scale = 1.0 + 0.35 * blast - 0.22 * blast * s1  # a blast, then smaller daughters
        for i in range(4):
            if i < 2:
                x = HOME[0] + (SPLIT1[i][0] - HOME[0]) * s1
                y = HOME[1] + (SPLIT1[i][1] - HOME[1]) * s1
                parent = SPLIT1[i]
                tx = parent[0] + (SPLIT2[i][0] - parent[0]) * s2
                ty = parent[1] + (SPLIT2[i][1] - parent[1]) * s2
                if s2 > 0:
                    x, y = tx, ty
                alpha = 1.0 if (i == 0 or s1 > 0) else 0.0
            else:
                parent = SPLIT1[i - 2]
                x = parent[0] + (SPLIT2[i][0] - parent[0]) * s2
                y = parent[1] + (SPLIT2[i][1] - parent[1]) * s2
                alpha = 1.0 if s2 > 0 else 0.0
            sc = scale * (1.0 - 0.12 * s2)
            for g, a in ((self.cells_t[i], alpha * (1.0 - car)), (self.cells_car[i], alpha * car),
                         (self.cars[i], alpha * car)):
                g.place(x + self.ox, y + self.oy, scale=sc, alpha=a,
                        visible=a > 0.01)  # hidden: not drawn
        bx = BEAD_FAR + (BEAD_DOCK - BEAD_FAR) * frame["bead"]
        # phones: the bead rises less as it goes, so its label stays in the shorter close-up;
        # slides: a little less too, so the 14-pt label stays under the cell's name at the top
        rise = 6.0 if self.phone else 7.0 if self.style == "slides" else 9.0
        by = BEAD_Y + rise * frame["bead_off"]
        bead_alpha = 1.0 - frame["bead_off"]
        bx += 1.6 * blast * (1 - frame["bead_off"]) + 8.0 * frame["bead_off"]
        bx, by = bx + self.ox, by + self.oy
        self.bead.place(bx, by, alpha=bead_alpha, visible=bead_alpha > 0.01)
        self.bead_label.set_position((bx, by + BEAD_R + 1.3))
        label_alpha = bead_alpha * (1.0 - frame["signal"])
        if self.phone and frame["bead_off"] > 0.6:  # it would reach the cell's name
            label_alpha = 0.0
        self.bead_label.set_alpha(label_alpha)
        self.bead_label.set_visible(label_alpha > 0.01)
        sig = frame["signal"]
        if sig > 0.5:
            cx = HOME[0] + CELL_R * (1.0 + 0.35 * blast)
            cx, cy = cx + self.ox, BEAD_Y + self.oy
            self.sig_marks.set_offsets([(cx - 0.2, cy + 1.6), (cx - 0.2, cy - 1.6)])
        else:
            self.sig_marks.set_offsets(np.empty((0, 2)))
        self.sig_text.set_visible(sig > 0.5)
        self.close_label.set_text(o.get("close_label", ""))
        # the culture bag: icons from the model
        n = int(o.get("icons", 0))
        self.icons.set_offsets(self.slots[:n] if n else np.empty((0, 2)))
        kind = "car_t" if o.get("carrying", True) else "normal_t"
        self.icons.set_facecolor(kit.tint(COLORS[kind], 0.55))
        self.icons.set_edgecolor(COLORS[kind])
        self.bag_title.set_text(o.get("bag_title", ""))
        self.day_text.set_text(f"Day {frame['day']:.0f}" if frame["day"] == round(frame["day"])
                               else f"Day {frame['day']:.1f}")
        dose_icons = o.get("dose_icons")
        if dose_icons is not None and 0 < dose_icons <= MAX_ICONS:
            col = int(np.ceil(dose_icons / ICON_ROWS)) - 1
            xl = self.grid_x0 + (col + 0.5) * self.dx
            self.dose_line.set_data([xl, xl], [self.grid_bottom - 1.5, self.grid_top + 1.6])
            self.dose_text.set_position((xl, self.grid_top + 1.7))
            if self.phone:  # near the bag's left edge the label starts at the line
                near = xl < self.grid_x0 + 6.0
                self.dose_text.set_ha("left" if near else "center")
                self.dose_text.set_x(xl - 0.6 if near else xl)
            self.dose_text.set_text("minimum dose")
        else:
            self.dose_line.set_data([], [])
            self.dose_text.set_text("")
        count = o.get("count", "")
        if self.phone:  # one line in 480 px
            count = count.replace("(fewer than one icon)", "(< 1 icon)")
        elif self.style == "slides":  # 14 pt: one line inside the bag (was 1301 px of 1200)
            count = count.replace("(fewer than one icon)", "(< 1 icon)").replace(
                "T cells that will take up", "T cells to take up")
        self.count_text.set_text(count)
        self.readout.set_text(o.get("readout", ""))


def storyboard(*, day_captions: Sequence[str], transduction_percent: float) -> kit.Storyboard:
    """The key frames; ``day_captions`` are the captions of the four growth steps (days 4, 6, 8
    and 10), written by the explorer from the model's numbers."""
    if len(day_captions) != 4:
        raise ValueError(f"day_captions needs 4 captions (days 4, 6, 8, 10); "
                         f"got {len(day_captions)}")
    start = {"day": 0.0, "bead": 0.0, "bead_off": 0.0, "signal": 0.0, "blast": 0.0, "car": 0.0,
             "split1": 0.0, "split2": 0.0}
    return kit.Storyboard([
        kit.Keyframe("Day 0: resting T cells from the patient's blood go into a culture bag with "
                     "tiny beads coated with antibodies against CD3 and CD28.", start),
        kit.Keyframe("A bead touches a T cell: anti-CD3 gives signal 1 (through CD3, part of the "
                     "T-cell receptor), anti-CD28 gives signal 2 (costimulation).",
                     {"bead": 1.0, "signal": 1.0}),
        kit.Keyframe("Day 1: the activated T cell grows bigger (a 'blast') and gets ready to "
                     "divide.", {"day": 1.0, "blast": 1.0}),
        kit.Keyframe(f"Day 2: a viral vector delivers the CAR gene (notebook 02); here "
                     f"{transduction_percent:g}% of the cells take it up (illustrative) and "
                     f"become CAR-T cells.", {"day": 2.0, "car": 1.0, "bead_off": 0.6,
                                              "signal": 0.0}),
        kit.Keyframe(day_captions[0], {"day": 4.0, "split1": 1.0, "bead_off": 1.0}),
        kit.Keyframe(day_captions[1], {"day": 6.0, "split2": 1.0}),
        kit.Keyframe(day_captions[2], {"day": 8.0}),
        kit.Keyframe(day_captions[3], {"day": 10.0}),
    ], frames_per_step=8)
