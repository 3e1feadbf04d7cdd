"""Scene "The immune synapse" (notebook 04): how one CAR-T cell kills tumour cells in turn.

A CAR-T cell (blue) meets a tumour cell (vermillion) carrying CD19. The CAR's binder grips CD19,
the contact flattens into an immune synapse, and the lytic granules move to it. They release
perforin, which makes pores in the tumour cell's membrane, and granzymes, which enter through them
and start the cell's self-destruction (apoptosis): the cell shrinks, blebs and fades. The CAR-T
cell lets go, moves on to the next tumour cell and, switched on, divides (serial killing).
The control "CD19 on the tumour cells" shows what less antigen changes: a low level gives a weaker,
slower synapse (one kill, no division, in the time shown); none gives no binding at all (antigen
escape).

Sources (cited in the notebook): Davenport et al. 2015 (Cancer Immunol Res; CAR-T cells kill
several targets in sequence) and 2018 (PNAS; CAR synapses recruit granules and detach faster);
Voskoboinik, Whisstock & Trapani 2015 (Nat Rev Immunol; perforin pores, granzymes diffuse in,
apoptosis); Majzner et al. 2020 (Cancer Discov; CD19-low targets: less killing, proliferation and
cytokine) and Majzner & Mackall 2018 (Cancer Discov; antigen loss as escape).
"""

from __future__ import annotations

import math

import numpy as np
from matplotlib import patches
from matplotlib.collections import LineCollection
from matplotlib.colors import to_rgba
from matplotlib.lines import Line2D

from . import scenekit as kit
from .style import COLORS, OKABE_ITO

#: CD19 levels the scene can show.
LEVELS = ("high", "low", "none")

Y = 18.0              # all cells sit on this line
R_T = 9.0             # CAR-T cell radius
R_U = 8.5             # tumour cell radius
X1, X2 = 42.0, 82.0   # the two tumour cells
X_START = 12.5
#: Receptors (drawn enormous: real ones are ~10 nm on a ~10 µm cell), in scene units along the
#: outward direction from the membrane: the CAR's tail (CD3ζ, then 4-1BB) inside, hinge outside,
#: two binder lobes (the scFv) on top; CD19 a stalk with a head.
CAR_TAIL, CAR_COSTIM, CAR_HINGE, CAR_LOBE, LOBE_R = -2.6, -1.0, 1.7, 2.1, 0.45
CD19_STALK, CD19_HEAD, HEAD_R = 1.3, 1.75, 0.55
#: gap between the two membranes when the CAR's binder touches the head of CD19
GAP = CAR_LOBE + LOBE_R + CD19_HEAD + HEAD_R - 0.1
FLAT = 0.3            # how far the contact face flattens (fraction of the radius)
FACE_DY = (-4.5, 0.0, 4.5)   # receptors on the contact face (height above the centre line)
#: CD19 on each tumour cell for each level: (heights on the face, angles elsewhere in degrees)
ANTIGENS = {"high": (FACE_DY, (60.0, 0.0, -60.0, 125.0, -130.0)),
            "low": ((0.0,), (40.0,)),
            "none": ((), ())}
CAR_BACK = (125.0, 180.0, 235.0, 75.0)
GRANULE_REST = np.array([[1.5, 4.5], [3.5, 2.0], [4.0, -1.5], [2.0, -4.0], [0.5, -5.5],
                         [-2.0, 5.0]])
N_MOL = 7
PERFORIN = OKABE_ITO["reddish_purple"]
GRANZYME = OKABE_ITO["black"]
GRANULE = "#7B3F8C"


def contact_x(target_x: float, flat: float) -> float:
    """Centre of the CAR-T cell when its CARs touch the CD19 of the tumour cell at target_x."""
    return target_x - R_U * (1 - FLAT * flat) - GAP - R_T * (1 - FLAT * flat)


def _outline(r: float, n: int = 90) -> np.ndarray:
    t = np.linspace(0, 2 * np.pi, n)
    return np.column_stack([np.cos(t), np.sin(t)]) * r


_CIRCLE_T = _outline(1.0)
_ANG = np.linspace(0, 2 * np.pi, 90)
_BLEB_ANGLES = np.radians([30, 95, 150, 210, 265, 330])
_BUMPS = sum(np.exp(-(np.angle(np.exp(1j * (_ANG - b))) / 0.16) ** 2) for b in _BLEB_ANGLES)


def _face_point(r: float, clip: float, dy: float, flat: float, side: int) -> tuple:
    """Where a receptor at height dy sits on a cell whose face (side +1 right, -1 left) is
    flattened to ``clip``, and the outward direction (degrees) it points."""
    x = math.sqrt(max(r * r - dy * dy, 0.0))
    alpha = math.degrees(math.atan2(dy, x)) * (1 - flat)
    x = min(x, clip)
    return (side * x, dy), (alpha if side > 0 else 180.0 - alpha)


#: Phones (issue 13): the same stage, labels in lanes so the larger text never meets:
#: under the cells only the tumour cells' names; above them the CAR-T cell's name, then
#: "immune synapse", then the kill count; the key in one row under everything.
PHONE_LANE_T, PHONE_LANE_SYN = Y + R_T + 3.0, Y + R_T + 6.4
#: Slides (17 pt labels): how near (in scene units, centre to centre) the CAR-T cell's name may
#: come to a dead or dying tumour cell's one-line name before it steps down under it (half the
#: two names' widths plus a margin: "dead tumour cell" 17.4 units, "dying" 5.6, "CAR-T cell"
#: 11.2), the ramp over which it steps, and how far (the names are 2.0 units tall).
SLIDES_CLEAR = {"dead": 14.9, "dying": 9.0}
SLIDES_RAMP, SLIDES_DROP = 2.5, 1.1
#: Phones draw the fixed-size molecules smaller (the stage is about half as many pixels wide).
PHONE_MOL = 0.7


class SynapseDiagram(kit.SceneDiagram):
    title = "The immune synapse: how a CAR-T cell kills"
    phone_view = (0.0, 100.0, -5.0, 41.8)

    def build_scene(self, ax) -> None:
        tint = kit.tint
        phone = self.phone
        k2 = PHONE_MOL ** 2 if phone else 1.0
        if not phone:
            # the caption sits a little higher than the kit's default, clear of the note
            self.caption.set_y(0.105)
        # marker sizes (points squared) that make a marker `d` scene units across
        w_px = self.fig.get_figwidth() * self.fig.dpi * ax.get_position().width
        pt_per_unit = w_px / self.width_units * 72.0 / self.fig.dpi

        def area(d):
            return (d * pt_per_unit) ** 2

        # -- the CAR-T cell (drawn as an outline so the contact face can flatten) and a daughter
        self.t_body = self.moving(ax.add_patch(patches.Polygon(
            _CIRCLE_T * R_T, closed=True, facecolor=tint(COLORS["car_t"], 0.85),
            edgecolor=COLORS["car_t"], lw=3, zorder=2)))
        self.t_nucleus = self.moving(ax.add_patch(patches.Ellipse(
            (0, 0), 0.9 * R_T, 0.75 * R_T, facecolor=tint(COLORS["car_t"], 0.55),
            edgecolor=COLORS["car_t"], lw=1.2, zorder=3)))
        self.daughter = self.moving(kit.cell(ax, radius=R_T, kind="car_t"))
        self.t_label = self.moving(ax.text(0, 0, "CAR-T cell", ha="center", va="top",
                                           color=COLORS["car_t"], fontweight="bold", zorder=8))
        # -- receptors: all CARs in one line collection + one scatter of binder lobes; CD19 alike
        self.car_lines = self.moving(ax.add_collection(LineCollection(
            [], linewidths=2.2, zorder=4, capstyle="butt")))
        self.car_lobes = self.moving(ax.scatter([], [], s=area(2 * LOBE_R), marker="o",
                                                linewidths=0.8, zorder=5))
        self.cd19_lines = self.moving(ax.add_collection(LineCollection(
            [], linewidths=2.4, zorder=4, capstyle="butt")))
        self.cd19_heads = self.moving(ax.scatter([], [], s=area(2 * HEAD_R), marker="o",
                                                 edgecolors="black", linewidths=0.6, zorder=5))
        self.granules = self.moving(kit.Molecules(ax, color=GRANULE, marker="o", size=55 * k2))
        # -- two tumour cells, blebs drawn in their outlines
        self.u_body, self.u_nucleus, self.u_label = [], [], []
        for _x in (X1, X2):
            self.u_body.append(self.moving(ax.add_patch(patches.Polygon(
                _CIRCLE_T * R_U, closed=True, facecolor=tint(COLORS["tumour"], 0.85),
                edgecolor=COLORS["tumour"], lw=3, zorder=2))))
            self.u_nucleus.append(self.moving(ax.add_patch(patches.Ellipse(
                (0, 0), 0.9 * R_U, 0.75 * R_U, facecolor=tint(COLORS["tumour"], 0.55),
                edgecolor=COLORS["tumour"], lw=1.2, zorder=3))))
            self.u_label.append(self.dynamic(ax.text(_x, Y - R_U - 1.8, "", ha="center",
                                                     va="top", color=COLORS["tumour"],
                                                     zorder=8), cache_text=True))
        self.cd19_label = self.dynamic(ax.text(X1 + 0.5 * R_U, Y + R_U + 1.0, "CD19",
                                               ha="left", va="bottom",
                                               color=kit.MOLECULE["antigen"], zorder=8),
                                       cache_text=True)
        # -- what the granules release (one set per tumour cell)
        self.perforin = [self.moving(kit.Molecules(ax, color=PERFORIN, marker="v",
                                                   size=42 * k2))
                         for _ in range(2)]
        self.granzyme = [self.moving(kit.Molecules(ax, color=GRANZYME, marker="D",
                                                   size=22 * k2))
                         for _ in range(2)]
        self.synapse_label = self.dynamic(ax.text(0, 0, "immune synapse", ha="center",
                                                  va="bottom", zorder=8, fontweight="bold"),
                                          cache_text=True)
        # phones: a short line from the label (two lanes up) down to the contact
        self.synapse_line = (self.moving(ax.plot([], [], color="black", lw=1.0, zorder=8)[0])
                             if phone else None)
        self.killed = self.dynamic(ax.text(1.0, self.height_units - 0.5, "", ha="left",
                                           va="top", zorder=8, fontweight="bold"),
                                   cache_text=True)
        handles = [Line2D([], [], ls="", marker="$Y$", color=COLORS["car_t"], ms=10,
                          label="CAR"),
                   Line2D([], [], ls="", marker="$Y$", color=kit.MOLECULE["antigen"], ms=10,
                          label="CD19"),
                   Line2D([], [], ls="", marker="o", mfc=GRANULE, mec="black", ms=7,
                          label="lytic granule"),
                   Line2D([], [], ls="", marker="v", mfc=PERFORIN, mec="black", ms=7,
                          label="perforin"),
                   Line2D([], [], ls="", marker="D", mfc=GRANZYME, mec="black", ms=5,
                          label="granzyme")]
        if phone:  # one row under the stage (the kill count and labels use the top)
            ax.legend(handles=handles, loc="lower center", ncol=5, frameon=False,
                      bbox_to_anchor=(0.5, 0.0), handletextpad=0.2, columnspacing=0.7,
                      handlelength=1.2, borderaxespad=0.0)
        else:
            ax.legend(handles=handles, loc="upper right", ncol=5, frameon=False,
                      bbox_to_anchor=(1.0, 1.03), handletextpad=0.2, columnspacing=0.9)

    # -- drawing ------------------------------------------------------------------------------
    def draw_scene(self, frame: kit.SceneFrame) -> None:
        level = frame.options.get("antigen", "high")
        st = frame.state
        tx, flat, polar, div = st["tx"], st["flat"], st["polar"], st["divide"]
        # CAR-T cell: contact face flattens; on division it and a daughter move apart, smaller
        scale = 1 - 0.2 * div
        cx, cy = tx - 4.5 * div, Y + 5.0 * div
        dx_, dy_ = tx + 6.5 * div, Y - 5.0 * div
        clip_t = R_T * (1 - FLAT * flat)
        pts = _CIRCLE_T * R_T
        pts[:, 0] = np.minimum(pts[:, 0], clip_t)
        self.t_body.set_xy(pts * scale + (cx, cy))
        self.t_nucleus.set_center((cx - 0.15 * R_T * scale, cy - 0.1 * R_T * scale))
        self.t_nucleus.width, self.t_nucleus.height = 0.9 * R_T * scale, 0.75 * R_T * scale
        self.daughter.place(dx_, dy_, scale=scale, visible=div > 0.02)
        phone = self.phone
        if div > 0.5:
            self.t_label.set_position((tx + 5.0, PHONE_LANE_T if phone else Y + R_T + 1.0))
            self.t_label.set_text("two CAR-T cells")
            self.t_label.set_ha("left")
            self.t_label.set_va("bottom")
        elif phone:  # above the cell (under it sit the tumour cells' names), clear of the
            # line from "immune synapse" to the contact
            self.t_label.set_position((cx - 2.0 * flat, PHONE_LANE_T))
            self.t_label.set_text("CAR-T cell")
            self.t_label.set_ha("center")
            self.t_label.set_va("bottom")
        else:
            drop = self._slides_drop(cx, st) if self.style == "slides" else 0.0
            self.t_label.set_position((cx, Y - R_T - 2.6 - drop))
            self.t_label.set_text("CAR-T cell")
            self.t_label.set_ha("center")
            self.t_label.set_va("top")
        bound = max(st["bound1"], st["bound2"])
        face_ag = ANTIGENS[level][0]
        cars = []  # (x, y, outward angle in degrees, lit)
        for dy in FACE_DY:
            (px, py), ang = _face_point(R_T, clip_t, dy, flat, +1)
            cars.append((cx + px * scale, cy + py * scale, ang, bound > 0.5 and dy in face_ag))
        for a in CAR_BACK:
            r = math.radians(a)
            cars.append((cx + R_T * scale * math.cos(r), cy + R_T * scale * math.sin(r), a,
                         False))
        if div > 0.02:
            for a in (0.0, 90.0, 180.0, 270.0):
                r = math.radians(a)
                cars.append((dx_ + R_T * scale * math.cos(r), dy_ + R_T * scale * math.sin(r),
                             a, False))
        self._draw_cars(cars, scale)
        # granules: from beside the nucleus to the contact face
        face = np.column_stack([np.full(len(GRANULE_REST), clip_t - 1.3),
                                np.linspace(-3.6, 3.6, len(GRANULE_REST))])
        g_pts = GRANULE_REST + (face - GRANULE_REST) * polar
        self.granules.set(g_pts * scale + (cx, cy))
        # tumour cells
        syn_x = None
        antigens = []  # (x, y, outward angle, alpha, scale)
        for j, ux in enumerate((X1, X2)):
            uflat, death, rel = st[f"u{j + 1}_flat"], st[f"u{j + 1}_death"], st[f"rel{j + 1}"]
            antigens += self._draw_tumour(j, ux, uflat, death, level)
            clip_u = R_U * (1 - FLAT * uflat)
            left = ux - clip_u
            t_face = tx + clip_t
            cleft = 0.5 * (left + t_face)
            if st[f"bound{j + 1}"] > 0.5 and st[f"bound{j + 1}"] >= bound:
                syn_x = cleft
            self._draw_release(j, rel, death, t_face, cleft, left, ux, clip_u)
        self._draw_cd19(antigens)
        self.synapse_label.set_visible(syn_x is not None and flat > 0.5)
        if syn_x is not None:
            self.synapse_label.set_position((round(syn_x, 1),
                                             PHONE_LANE_SYN if phone else Y + R_T + 2.2))
        if phone:
            show = syn_x is not None and flat > 0.5
            x = round(syn_x, 1) if show else 0.0
            self.synapse_line.set_data([x, x] if show else [],
                                       [PHONE_LANE_SYN - 0.4, Y + 7.2] if show else [])
        n_dead = sum(st[f"u{j}_death"] > 0.98 for j in (1, 2))
        self.killed.set_text(f"Tumour cells killed: {n_dead}")

    @staticmethod
    def _slides_drop(cx: float, st: dict) -> float:
        """How far the CAR-T cell's name steps down to pass under a dead or dying tumour cell's
        name (slides: the larger names met as the cell moved over the first, dead cell)."""
        drop = 0.0
        for j, ux in enumerate((X1, X2)):
            death = st[f"u{j + 1}_death"]
            if death <= 0.05:
                continue
            clear = SLIDES_CLEAR["dead" if death > 0.98 else "dying"]
            near = (clear + SLIDES_RAMP - abs(cx - ux)) / SLIDES_RAMP
            drop = max(drop, SLIDES_DROP * min(max(near, 0.0), 1.0))
        return round(drop, 2)

    def _draw_cars(self, cars, scale) -> None:
        segs, cols, lobes, faces, edges, widths = [], [], [], [], [], []
        for x, y, ang, lit in cars:
            ux, uy = math.cos(math.radians(ang)), math.sin(math.radians(ang))
            vx, vy = -uy, ux

            def p(d, x=x, y=y, ux=ux, uy=uy):
                return (x + d * ux * scale, y + d * uy * scale)

            segs += [[p(CAR_TAIL), p(CAR_COSTIM)], [p(CAR_COSTIM), p(-0.3)],
                     [p(-0.3), p(CAR_HINGE)]]
            cols += [COLORS["chemo"], OKABE_ITO["bluish_green"], "#555555"]
            cx, cy = p(CAR_LOBE)
            for side, fc in ((-1, COLORS["car_t"]), (1, OKABE_ITO["sky_blue"])):
                lobes.append((cx + side * 0.42 * vx * scale, cy + side * 0.42 * vy * scale))
                faces.append(fc)
                edges.append(kit.MOLECULE["signal"] if lit else "black")
                widths.append(2.2 if lit else 0.8)
        self.car_lines.set_segments(segs)
        self.car_lines.set_color(cols)
        self.car_lobes.set_offsets(np.asarray(lobes).reshape(-1, 2))
        self.car_lobes.set_facecolors(faces)
        self.car_lobes.set_edgecolors(edges)
        self.car_lobes.set_linewidths(widths)

    def _draw_cd19(self, antigens) -> None:
        colour = np.array(to_rgba(kit.MOLECULE["antigen"]))
        segs, cols, heads, hcols = [], [], [], []
        for x, y, ang, alpha, s in antigens:
            ux, uy = math.cos(math.radians(ang)), math.sin(math.radians(ang))
            segs.append([(x, y), (x + CD19_STALK * ux * s, y + CD19_STALK * uy * s)])
            heads.append((x + CD19_HEAD * ux * s, y + CD19_HEAD * uy * s))
            c = colour.copy()
            c[3] = alpha
            cols.append(c)
            hcols.append(c)
        self.cd19_lines.set_segments(segs)
        self.cd19_lines.set_color(cols if cols else "none")
        self.cd19_heads.set_offsets(np.asarray(heads).reshape(-1, 2))
        self.cd19_heads.set_facecolors(hcols if hcols else "none")
        self.cd19_heads.set_edgecolors([(0, 0, 0, c[3]) for c in hcols] or "none")

    def _draw_tumour(self, j: int, ux: float, uflat: float, death: float, level: str) -> list:
        s = 1 - 0.45 * death
        r = R_U * (1 + 0.22 * min(1.0, 1.6 * death) * _BUMPS)
        pts = np.column_stack([np.cos(_ANG) * r, np.sin(_ANG) * r])
        clip_u = R_U * (1 - FLAT * uflat)
        pts[:, 0] = np.maximum(pts[:, 0], -clip_u)
        alpha = 1 - 0.8 * death
        body = self.u_body[j]
        body.set_xy(pts * s + (ux, Y))
        body.set_alpha(alpha)
        nuc = self.u_nucleus[j]
        nuc.set_center((ux - 0.1 * R_U * s, Y - 0.1 * R_U * s))
        shrink = s * (1 - 0.3 * death)
        nuc.width, nuc.height = 0.9 * R_U * shrink, 0.75 * R_U * shrink
        nuc.set_alpha(alpha)
        face, back = ANTIGENS[level]
        out = []
        for dy in face:
            (px, py), ang = _face_point(R_U, clip_u, dy, uflat, -1)
            out.append((ux + px * s, Y + py * s, ang, alpha, s))
        for a in back:
            r_ = math.radians(a)
            out.append((ux + R_U * s * math.cos(r_), Y + R_U * s * math.sin(r_), a, alpha, s))
        name = {"high": "CD19 high", "low": "CD19 low", "none": "CD19 lost"}[level]
        self.u_label[j].set_text("dead tumour cell" if death > 0.98 else
                                 ("dying" if death > 0.05 else f"tumour cell\n({name})"))
        if j == 0:
            self.cd19_label.set_visible(level != "none" and death < 0.5)
        return out

    def _draw_release(self, j, rel, death, t_face, cleft, left, ux, clip_u) -> None:
        if rel <= 0.01:
            self.perforin[j].set(np.empty((0, 2)))
            self.granzyme[j].set(np.empty((0, 2)))
            return
        ys = np.linspace(-4.2, 4.2, N_MOL)
        start = np.column_stack([np.full(N_MOL, t_face - 1.3), ys * 0.8])
        mid = np.column_stack([np.full(N_MOL, cleft), ys])
        pore = np.column_stack([np.full(N_MOL, left + 0.1), ys * 1.15])
        s = 1 - 0.45 * death
        inside = np.column_stack([ux - clip_u * s + 1.8 + 1.6 * np.abs(np.sin(ys * 1.7)),
                                  Y + ys * 1.1 * s])
        mid[:, 1] += Y
        start[:, 1] += Y
        pore[:, 1] += Y
        u = min(rel, 1.0)
        v = max(rel - 1.0, 0.0)
        perf = start + (mid - start) * u + (pore - mid) * v
        gz_mid = mid + (0.0, 0.45)
        gz_start = start + (0.0, 0.45)
        gz = gz_start + (gz_mid - gz_start) * u + (inside - gz_mid) * v
        alpha = max(0.0, 1 - 1.6 * max(death - 0.35, 0.0))
        for m, pts in ((self.perforin[j], perf), (self.granzyme[j], gz)):
            m.set(pts)
            m.artist.set_alpha(alpha)


# -- key frames -----------------------------------------------------------------------------------
_ZERO = {"tx": X_START, "flat": 0.0, "polar": 0.0, "divide": 0.0, "bound1": 0.0, "bound2": 0.0,
         "u1_flat": 0.0, "u2_flat": 0.0, "u1_death": 0.0, "u2_death": 0.0, "rel1": 0.0,
         "rel2": 0.0}


def storyboard(*, antigen: str) -> kit.Storyboard:
    """Nine key frames for each CD19 level (same count, so the step control keeps its range)."""
    if antigen not in LEVELS:
        raise ValueError(f"antigen must be one of {', '.join(LEVELS)}; got {antigen!r}")
    K = kit.Keyframe
    c1_0, c1_1 = contact_x(X1, 0.0), contact_x(X1, 1.0)
    c2_0, c2_1 = contact_x(X2, 0.0), contact_x(X2, 1.0)
    if antigen == "high":
        keys = [
            K("A CAR-T cell meets a tumour cell that carries plenty of CD19 on its surface.",
              _ZERO),
            K("The CAR's binder grips CD19: the CAR-T cell is switched on.",
              {"tx": c1_0, "bound1": 1.0}),
            K("An immune synapse forms: the contact flattens and widens, and the lytic granules "
              "(packets of perforin and granzyme) move to it.",
              {"tx": c1_1, "flat": 1.0, "u1_flat": 1.0, "polar": 1.0}),
            K("The granules release perforin and granzyme into the narrow gap. Perforin makes "
              "pores in the tumour cell's membrane; granzymes pass through them.",
              {"rel1": 2.0}),
            K("Granzymes switch on the tumour cell's self-destruction (apoptosis): it shrinks, "
              "blebs and fades.", {"u1_death": 1.0}),
            K("The CAR-T cell lets go of the dying cell, moves on and grips CD19 on the next "
              "tumour cell.",
              {"tx": c2_0, "flat": 0.0, "polar": 0.0, "bound1": 0.0, "bound2": 1.0}),
            K("A new synapse forms and the granules release perforin and granzyme again.",
              {"tx": c2_1, "flat": 1.0, "u2_flat": 1.0, "polar": 1.0, "rel2": 2.0}),
            K("The second tumour cell dies and the CAR-T cell lets go: one CAR-T cell kills "
              "tumour cells one after another (serial killing).",
              {"u2_death": 1.0, "tx": c2_0 - 2.0, "flat": 0.0, "polar": 0.0, "bound2": 0.0}),
            K("Switched on by its target, the CAR-T cell divides: two CAR-T cells, each able to "
              "kill again. This is how a small dose can clear many tumour cells.",
              {"divide": 1.0}),
        ]
    elif antigen == "low":
        keys = [
            K("A CAR-T cell meets a tumour cell with little CD19 on its surface (CD19 low).",
              _ZERO),
            K("The CAR grips the few CD19 molecules there are: a weaker signal than with plenty "
              "of CD19.", {"tx": c1_0, "bound1": 1.0}),
            K("The synapse forms slowly and only partly; fewer granules reach the contact.",
              {"tx": contact_x(X1, 0.5), "flat": 0.5, "u1_flat": 0.5, "polar": 0.45}),
            K("In time the synapse completes and the granules release perforin and granzyme "
              "into the gap.",
              {"tx": c1_1, "flat": 1.0, "u1_flat": 1.0, "polar": 1.0, "rel1": 1.0}),
            K("Perforin makes pores and granzymes enter: the tumour cell starts to die, later "
              "than a cell with plenty of CD19.", {"rel1": 2.0, "u1_death": 0.35}),
            K("The tumour cell dies (apoptosis). The CAR-T cell is still at the first cell: "
              "killing took longer.", {"u1_death": 1.0}),
            K("The CAR-T cell lets go and grips the few CD19 molecules on the next tumour cell.",
              {"tx": c2_0, "flat": 0.0, "polar": 0.0, "bound1": 0.0, "bound2": 1.0}),
            K("Again the synapse forms only slowly; nothing has been released yet.",
              {"tx": contact_x(X2, 0.5), "flat": 0.5, "u2_flat": 0.5, "polar": 0.45}),
            K("One kill instead of two in the same time, and with a weak signal the CAR-T cell "
              "does not divide. Tumour cells with little CD19 can escape (CD19-low relapse).",
              {}),
        ]
    else:
        near1 = c1_0 - 1.5
        keys = [
            K("A CAR-T cell meets a tumour cell that has lost CD19 from its surface "
              "(CD19-negative).", _ZERO),
            K("The CAR finds nothing to grip: no binding, so no signal.", {"tx": near1}),
            K("No synapse forms and the granules stay where they are.", {"tx": near1 - 0.5}),
            K("Nothing is released: the tumour cell is unharmed.", {"tx": near1 - 2.0}),
            K("The CAR-T cell drifts away, still switched off.", {"tx": X_START}),
            K("It comes back and touches the tumour cell again.", {"tx": near1}),
            K("Again no binding, no synapse, no perforin or granzyme.", {"tx": near1 - 0.5}),
            K("The CAR-T cell moves off; both tumour cells live on.", {"tx": X_START}),
            K("No killing and no division. Losing CD19 is one way leukaemia comes back after "
              "CD19 CAR-T therapy (antigen escape).", {}),
        ]
    return kit.Storyboard(keys, frames_per_step=8)
