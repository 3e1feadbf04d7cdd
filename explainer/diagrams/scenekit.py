"""The scene kit: cells and molecules at cartoon scale, and key frames that move them.

A *scene* shows a mechanism as a short sequence of **key frames** (``Keyframe``: a one-line
caption and the numbers that place things: positions, how far a receptor is bound, how much
cytokine there is). A ``Storyboard`` interpolates smoothly between consecutive key frames, so a
step control (and a Play button) can scrub through ``n_frames`` frames. The caption of the key
frame being moved towards is the text alternative of every frame on the way.

Drawing: every part is a ``Group`` of matplotlib artists drawn in its own local coordinates
(a cell centred on 0, 0; a receptor standing on the membrane at y = 0, pointing up) and placed
with one affine transform (``group.place(x, y, angle=..., scale=..., alpha=...)``). Built once,
moved in place: nothing is created per frame. Colours keep their meaning across the collection
(``style.COLORS``: CAR-T blue, tumour vermillion, normal B cells bluish green, cytokines orange),
and never alone: shapes, outlines and labels say the same thing.

``SceneDiagram`` is the base for a scene's figure: one drawing area in scene units (0-100 wide),
a "Step k of n" counter, the caption under the picture and a "cartoon, not to scale" note. On
phones (style "phone") it is a portrait figure 480 px wide: the picture shows the part of the
scene a scene names (``phone_view``, where it stacks its side-by-side panels), with the caption
wrapped in its own strip under it and every text at least 10 pt (``SceneDiagram.font``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from matplotlib import patches
from matplotlib.collections import LineCollection
from matplotlib.transforms import Affine2D

from . import style as _style
from .base import Diagram

C = _style.COLORS

#: Extra colours for molecules (all from the Okabe-Ito set, each with its own shape too).
MOLECULE = {
    "antigen": "#7A2E00",        # CD19 / BCMA on the target cell: dark vermillion, lollipop shape
    "mhc": _style.OKABE_ITO["reddish_purple"],
    "peptide": _style.OKABE_ITO["yellow"],
    "signal": _style.OKABE_ITO["yellow"],
    "perforin": _style.OKABE_ITO["reddish_purple"],
    "granzyme": _style.OKABE_ITO["black"],
    "virus": _style.OKABE_ITO["bluish_green"],
    "rna": _style.OKABE_ITO["orange"],
    "dna": _style.OKABE_ITO["black"],
    "car_gene": _style.OKABE_ITO["blue"],
}


# -- key frames -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Keyframe:
    """One step of a scene: its caption and the numbers that place the drawing.

    Keys missing from a key frame keep the value of the key frame before it.
    """

    caption: str
    state: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class SceneFrame:
    """What the diagram draws for one frame (the result a scene explorer computes)."""

    frame: int
    n_frames: int
    step: int          # 1-based key frame this frame shows or moves towards
    n_steps: int
    caption: str
    state: Mapping[str, float]
    options: Mapping[str, object] = field(default_factory=dict)
    #: The scene's settings in words ("Tumour hides its HLA (MHC): yes"), shown in the figure.
    settings: str = ""

    def __getitem__(self, key: str) -> float:
        return self.state[key]

    def with_settings(self, settings: str) -> SceneFrame:
        """This frame with its settings in words (shown in the figure and the description)."""
        from dataclasses import replace

        return replace(self, settings=settings)


def smoothstep(u: float) -> float:
    """Ease in and out: 0 -> 0, 1 -> 1, zero slope at both ends."""
    u = min(max(u, 0.0), 1.0)
    return u * u * (3.0 - 2.0 * u)


class Storyboard:
    """Key frames with ``frames_per_step`` interpolated frames between each pair."""

    def __init__(self, keyframes: Sequence[Keyframe], *, frames_per_step: int = 8):
        if not isinstance(frames_per_step, int) or isinstance(frames_per_step, bool) \
                or not 1 <= frames_per_step <= 60:
            raise ValueError(f"frames_per_step must be a whole number from 1 to 60; "
                             f"got {frames_per_step!r}")
        if len(keyframes) < 2:
            raise ValueError(f"a storyboard needs at least 2 key frames; got {len(keyframes)}")
        filled: list[dict] = []
        current: dict[str, float] = {}
        for i, k in enumerate(keyframes):
            if not isinstance(k, Keyframe) or not k.caption.strip():
                raise ValueError(f"key frame {i} must be a Keyframe with a caption; got {k!r}")
            for name, v in k.state.items():
                if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
                    raise ValueError(f"key frame {i}: {name} must be a finite number; got {v!r}")
            current = {**current, **{n: float(v) for n, v in k.state.items()}}
            filled.append(current)
        names = set(filled[-1])
        for st in filled:
            missing = names - set(st)
            if missing:  # a value first set later also holds before it
                for n in missing:
                    st[n] = next(f[n] for f in filled if n in f)
        self.keyframes = tuple(keyframes)
        self.states = tuple(filled)
        self.frames_per_step = frames_per_step

    @property
    def n_steps(self) -> int:
        return len(self.keyframes)

    @property
    def n_frames(self) -> int:
        return (self.n_steps - 1) * self.frames_per_step + 1

    def captions(self) -> list[str]:
        return [k.caption for k in self.keyframes]

    def at(self, frame: int, **options) -> SceneFrame:
        """The interpolated state of ``frame`` (0 .. n_frames - 1)."""
        if isinstance(frame, bool) or not isinstance(frame, (int, np.integer)) \
                or not 0 <= frame < self.n_frames:
            raise ValueError(f"frame must be a whole number from 0 to {self.n_frames - 1}; "
                             f"got {frame!r}")
        seg, rest = divmod(int(frame), self.frames_per_step)
        if seg >= self.n_steps - 1:
            state, step = dict(self.states[-1]), self.n_steps
        elif rest == 0:
            state, step = dict(self.states[seg]), seg + 1
        else:
            s = smoothstep(rest / self.frames_per_step)
            a, b = self.states[seg], self.states[seg + 1]
            state = {n: a[n] + (b[n] - a[n]) * s for n in a}
            step = seg + 2
        return SceneFrame(frame=int(frame), n_frames=self.n_frames, step=step,
                          n_steps=self.n_steps, caption=self.keyframes[step - 1].caption,
                          state=state, options=dict(options))


# -- groups of artists ----------------------------------------------------------------------------
class Group:
    """Artists drawn in local coordinates and placed together with one transform."""

    def __init__(self, ax, artists=()):
        self.ax = ax
        self.artists: list = []
        self._alpha = {}
        for a in artists:
            self.add(a)
        self.place(0, 0)

    def add(self, artist):
        if artist.axes is None:
            self.ax.add_artist(artist)
        self.artists.append(artist)
        self._alpha[id(artist)] = artist.get_alpha() if artist.get_alpha() is not None else 1.0
        return artist

    def place(self, x: float, y: float, *, angle: float = 0.0, scale: float = 1.0,
              alpha: float | None = None, visible: bool | None = None) -> Group:
        """Move the whole group: rotate ``angle`` degrees, scale, then put its origin at x, y."""
        t = Affine2D().scale(scale).rotate_deg(angle).translate(x, y) + self.ax.transData
        for a in self.artists:
            a.set_transform(t)
            if alpha is not None:
                a.set_alpha(max(0.0, min(1.0, alpha)) * self._alpha[id(a)])
            if visible is not None:
                a.set_visible(visible)
        return self

    def show(self, visible: bool = True) -> Group:
        for a in self.artists:
            a.set_visible(visible)
        return self


def cell(ax, *, radius: float, kind: str, label: str | None = None, nucleus: bool = True,
         fontsize: float | None = None) -> Group:
    """A cell: membrane (thick outline), pale cytoplasm, nucleus, optional label.

    ``kind`` is a colour meaning from ``style.COLORS`` (car_t, tumour, normal_b, normal_t,
    memory, ...) or "macrophage" (a larger, irregular cell, neutral grey with a dashed edge).
    """
    if kind == "macrophage":
        edge, ls = C["neutral"], "--"
    else:
        if kind not in C:
            raise ValueError(f"kind must be 'macrophage' or one of {', '.join(C)}; got {kind!r}")
        edge, ls = C[kind], "-" if kind != "memory" else (0, (5, 2))
    g = Group(ax)
    g.add(patches.Circle((0, 0), radius, facecolor=_tint(edge, 0.85), edgecolor=edge,
                         linewidth=3.0, linestyle=ls, zorder=2))
    if nucleus:
        g.add(patches.Ellipse((-0.15 * radius, -0.1 * radius), 0.9 * radius, 0.75 * radius,
                              facecolor=_tint(edge, 0.55), edgecolor=edge, linewidth=1.2,
                              zorder=3))
    if label:
        g.add(ax.text(0, -radius - 1.2, label, ha="center", va="top", zorder=6,
                      fontsize=fontsize, color=C["text"]))
    return g


def car(ax, *, size: float = 1.0) -> tuple[Group, dict]:
    """A chimeric antigen receptor standing on a membrane at y = 0, binder up.

    Returns the group and its parts by name (binder, hinge, tm, costim, cd3z, itams), so a scene
    can light up the signal as it runs from the binder down to CD3ζ.
    """
    s = size
    g = Group(ax)
    parts = {
        "binder": [g.add(patches.Ellipse((-0.55 * s, 5.0 * s), 1.1 * s, 1.8 * s,
                                         facecolor=C["car_t"], edgecolor="black", lw=0.8,
                                         zorder=4)),
                   g.add(patches.Ellipse((0.55 * s, 5.0 * s), 1.1 * s, 1.8 * s,
                                         facecolor=_style.OKABE_ITO["sky_blue"],
                                         edgecolor="black", lw=0.8, zorder=4))],
        "hinge": [g.add(patches.Rectangle((-0.2 * s, 1.2 * s), 0.4 * s, 3.0 * s,
                                          facecolor=C["neutral"], edgecolor="black", lw=0.6,
                                          zorder=4))],
        "tm": [g.add(patches.Rectangle((-0.35 * s, -1.2 * s), 0.7 * s, 2.4 * s,
                                       facecolor="#555555", edgecolor="black", lw=0.6,
                                       zorder=4))],
        "costim": [g.add(patches.FancyBboxPatch((-0.6 * s, -3.0 * s), 1.2 * s, 1.6 * s,
                                                boxstyle="round,pad=0.1",
                                                facecolor=_style.OKABE_ITO["bluish_green"],
                                                edgecolor="black", lw=0.6, zorder=4))],
        "cd3z": [g.add(patches.FancyBboxPatch((-0.45 * s, -6.4 * s), 0.9 * s, 3.2 * s,
                                              boxstyle="round,pad=0.1",
                                              facecolor=C["chemo"], edgecolor="black", lw=0.6,
                                              zorder=4))],
    }
    parts["itams"] = [g.add(patches.Circle((0, (-3.8 - 0.9 * i) * s), 0.25 * s,
                                           facecolor="white", edgecolor="black", lw=0.5,
                                           zorder=5)) for i in range(3)]
    return g, parts


def tcr(ax, *, size: float = 1.0) -> Group:
    """The T cell's own receptor: α and β chains (with their tips) and the CD3 chains beside."""
    s = size
    g = Group(ax)
    for dx, fc in ((-0.5, C["normal_t"]), (0.5, _style.OKABE_ITO["blue"])):
        g.add(patches.FancyBboxPatch((dx * s - 0.4 * s, 0.3 * s), 0.8 * s, 3.6 * s,
                                     boxstyle="round,pad=0.15", facecolor=fc,
                                     edgecolor="black", lw=0.7, zorder=4))
    g.add(patches.Rectangle((-0.6 * s, -1.2 * s), 1.2 * s, 1.6 * s, facecolor="#555555",
                            edgecolor="black", lw=0.6, zorder=4))
    for dx in (-1.5, 1.5):
        g.add(patches.Ellipse((dx * s, 0.6 * s), 0.9 * s, 1.6 * s, facecolor=C["light"],
                              edgecolor="black", lw=0.6, zorder=4))
        g.add(patches.Rectangle((dx * s - 0.15 * s, -3.5 * s), 0.3 * s, 3.4 * s,
                                facecolor=C["chemo"], edgecolor="black", lw=0.4, zorder=4))
    return g


def antigen(ax, *, name: str = "CD19", size: float = 1.0, fontsize: float | None = None,
            label: bool = True) -> Group:
    """A surface antigen (CD19, BCMA...) on a membrane at y = 0, pointing DOWN (the target
    cell sits above the CAR-T cell in scenes): a stalk and a two-lobed head."""
    s = size
    g = Group(ax)
    g.add(patches.Rectangle((-0.2 * s, -2.6 * s), 0.4 * s, 2.6 * s, facecolor=MOLECULE["antigen"],
                            edgecolor="black", lw=0.5, zorder=4))
    g.add(patches.Ellipse((0, -3.3 * s), 2.0 * s, 1.3 * s, facecolor=MOLECULE["antigen"],
                          edgecolor="black", lw=0.6, zorder=4))
    if label:
        g.add(ax.text(1.3 * s, -2.2 * s, name, fontsize=fontsize,
                      ha="left", va="center", color=MOLECULE["antigen"], zorder=6))
    return g


def peptide_mhc(ax, *, size: float = 1.0) -> Group:
    """HLA (MHC) holding a peptide, on a membrane at y = 0, pointing down: a cup with a dot."""
    s = size
    g = Group(ax)
    for dx in (-0.55, 0.55):
        g.add(patches.Rectangle((dx * s - 0.35 * s, -3.2 * s), 0.7 * s, 3.2 * s,
                                facecolor=MOLECULE["mhc"], edgecolor="black", lw=0.6, zorder=4))
    g.add(patches.Circle((0, -3.0 * s), 0.45 * s, facecolor=MOLECULE["peptide"],
                         edgecolor="black", lw=0.6, zorder=5))
    return g


def virus(ax, *, radius: float = 2.5) -> Group:
    """A lentiviral vector particle: envelope with spikes and two RNA strands inside."""
    g = Group(ax)
    g.add(patches.Circle((0, 0), radius, facecolor=_tint(MOLECULE["virus"], 0.7),
                         edgecolor=MOLECULE["virus"], lw=2.0, zorder=4))
    ang = np.linspace(0, 2 * np.pi, 12, endpoint=False)
    segs = [[(radius * math.cos(a), radius * math.sin(a)),
             (1.35 * radius * math.cos(a), 1.35 * radius * math.sin(a))] for a in ang]
    g.add(LineCollection(segs, colors=MOLECULE["virus"], linewidths=2.0, zorder=4))
    t = np.linspace(-0.6 * radius, 0.6 * radius, 30)
    for dy in (-0.25, 0.25):
        g.add(ax.plot(t, dy * radius + 0.15 * radius * np.sin(t * 6 / radius),
                      color=MOLECULE["rna"], lw=2.0, zorder=5)[0])
    return g


def dna(ax, *, length: float, turns: float = 4.0, height: float = 1.6,
        color: str | None = None) -> Group:
    """A stretch of double-stranded DNA from x = 0 to ``length`` (two strands and rungs)."""
    color = color or MOLECULE["dna"]
    x = np.linspace(0, length, 200)
    ph = 2 * np.pi * turns * x / length
    g = Group(ax)
    g.add(ax.plot(x, 0.5 * height * np.sin(ph), color=color, lw=1.8, zorder=4)[0])
    g.add(ax.plot(x, 0.5 * height * np.sin(ph + np.pi), color=color, lw=1.8, zorder=4)[0])
    xr = np.linspace(0, length, int(turns * 6) + 1)
    phr = 2 * np.pi * turns * xr / length
    g.add(LineCollection([[(a, 0.5 * height * math.sin(p)), (a, -0.5 * height * math.sin(p))]
                          for a, p in zip(xr, phr, strict=True)], colors=color, linewidths=0.8,
                         zorder=4))
    return g


class Molecules:
    """Many small molecules of one kind (cytokines, perforin, granzyme) as one scatter.

    ``set(points)`` moves them; pass an (n, 2) array (n may change from frame to frame).
    """

    def __init__(self, ax, *, color: str, marker: str = "o", size: float = 40, label=None,
                 edgecolor: str = "black"):
        self.artist = ax.scatter([], [], s=size, c=color, marker=marker, edgecolors=edgecolor,
                                 linewidths=0.5, zorder=7, label=label)

    def set(self, points) -> None:
        pts = np.asarray(points, dtype=float).reshape(-1, 2)
        self.artist.set_offsets(pts)

    @property
    def artists(self) -> list:
        return [self.artist]


def cloud(rng_seed: int, n_max: int, *, centre, spread) -> np.ndarray:
    """Fixed, seeded positions for up to ``n_max`` molecules around ``centre`` (so a growing
    number of molecules keeps the ones already drawn in place)."""
    rng = np.random.default_rng(rng_seed)
    r = spread * np.sqrt(rng.random(n_max))
    a = rng.random(n_max) * 2 * np.pi
    return np.column_stack([centre[0] + r * np.cos(a), centre[1] + r * np.sin(a)])


def _tint(hex_colour: str, amount: float) -> tuple[float, float, float]:
    """Mix a colour with white (amount 0: the colour, 1: white)."""
    h = hex_colour.lstrip("#")
    rgb = [int(h[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    return tuple(c + (1 - c) * amount for c in rgb)


tint = _tint


# -- the scene figure -----------------------------------------------------------------------------
class SceneDiagram(Diagram):
    """Base for a scene's figure. Subclasses implement ``build_scene(ax)`` (create groups;
    register everything that moves with ``self.moving(group_or_artist)``) and
    ``draw_scene(frame: SceneFrame)`` (place the groups for this frame).

    Phones (style "phone", issue 13) get a portrait figure 480 px wide: "Step k of n" and the
    "not to scale" note on the first line, the title under them, then the picture, the caption
    left-aligned under the picture (wrapped, ``phone_caption_lines`` lines kept free for it),
    and the settings at the bottom, one a line. The picture shows the scene units
    ``phone_view`` (x0, x1, y0, y1) at full width, so a scene can zoom into its action and
    stack its side-by-side panels below each other (draw them there when ``self.phone``).
    Every text is at least 10 pt there (``self.font``).
    """

    shape = "wide"
    #: Width of the drawing area in scene units; the height follows from the figure's shape.
    width_units = 100.0
    title = ""
    #: What a phone shows of the scene (x0, x1, y0, y1 in scene units) and the lines kept free
    #: for the caption and the settings under it.
    phone_view: tuple[float, float, float, float] = (0.0, 100.0, 0.0, 50.0)
    phone_caption_lines = 3
    phone_settings_lines = 1
    #: Caption wrap width on phones (characters of the 11 pt text in 470 px).
    PHONE_WRAP = 56
    #: Smallest text on a phone, in points (10.4 CSS px where a phone shows the figure).
    PHONE_MIN_PT = 10.0

    @property
    def phone(self) -> bool:
        return self.style == "phone"

    def font(self, rel: float = 1.0) -> float:
        """A font size ``rel`` times the style's base size; on phones never under 10 pt."""
        size = rel * _style.font_size(self.style)
        return max(self.PHONE_MIN_PT, size) if self.phone else size

    def build(self) -> None:
        if self.phone:
            self._build_phone()
            return
        fig = self.fig
        w, h = fig.get_size_inches()
        self.ax = fig.add_axes((0.01, 0.17, 0.98, 0.74))
        self.ax.set_axis_off()
        box_h = h * 0.74 / (w * 0.98)
        self.height_units = self.width_units * box_h
        self.ax.set_xlim(0, self.width_units)
        self.ax.set_ylim(0, self.height_units)
        self.ax.set_aspect("equal", adjustable="box")
        fs = _style.font_size(self.style)
        self.step_text = self.dynamic(fig.text(0.01, 0.985, "", ha="left", va="top",
                                               fontsize=1.15 * fs, fontweight="bold"))
        if self.title:
            fig.text(0.99, 0.985, self.title, ha="right", va="top", fontsize=fs,
                     color="#555555")
        # caption above the bottom strip (settings on the left, "not to scale" on the right)
        self.caption = self.dynamic(fig.text(0.5, 0.115, "", ha="center", va="center",
                                             fontsize=fs))
        fig.text(0.99, 0.012, "Cartoon, not to scale", ha="right", va="bottom",
                 fontsize=0.85 * fs, color="#555555", style="italic")
        # the settings in words, so every option visibly changes the figure at every frame
        self.settings_text = self.dynamic(fig.text(0.01, 0.012, "", ha="left", va="bottom",
                                                   fontsize=0.85 * fs, color="#333333"))
        self.build_scene(self.ax)

    # pixel heights of the phone layout's strips (100 dpi; 11 pt text, 10 pt small text)
    _PH_HEAD, _PH_TITLE, _PH_CAP_LINE, _PH_SET_LINE, _PH_GAP = 24.0, 19.0, 19.0, 16.0, 6.0

    def phone_size(self) -> tuple[float, float, float]:
        """Figure width and height (inches) on phones, and the picture's height in pixels."""
        x0, x1, y0, y1 = self.phone_view
        w_px = 480.0
        pic = (y1 - y0) / (x1 - x0) * 0.98 * w_px
        h = (4 + self._PH_HEAD + (self._PH_TITLE if self.title else 0) + self._PH_GAP + pic
             + self._PH_GAP + self.phone_caption_lines * self._PH_CAP_LINE + self._PH_GAP
             + self.phone_settings_lines * self._PH_SET_LINE + 4)
        return w_px / 100, math.ceil(h) / 100, pic

    def _build_phone(self) -> None:
        fig = self.fig
        w_in, h_in, pic = self.phone_size()
        if h_in > 6.4 + 1e-9:
            raise ValueError(f"{type(self).__name__}: a phone figure is at most 6.4 in tall; "
                             f"got {h_in:.2f} in (phone_view or phone_caption_lines too big)")
        fig.set_size_inches(w_in, h_in)
        H = h_in * 100
        fs = _style.font_size(self.style)
        small = self.font(0.85)
        top = H - 4
        self.step_text = self.dynamic(fig.text(0.01, top / H, "", ha="left", va="top",
                                               fontsize=1.15 * fs, fontweight="bold"))
        fig.text(0.99, (top - 3) / H, "Cartoon, not to scale", ha="right", va="top",
                 fontsize=small, color="#555555", style="italic")
        top -= self._PH_HEAD
        if self.title:
            fig.text(0.01, top / H, self.title, ha="left", va="top", fontsize=small,
                     color="#555555")
            top -= self._PH_TITLE
        top -= self._PH_GAP
        x0, x1, y0, y1 = self.phone_view
        self.ax = fig.add_axes((0.01, (top - pic) / H, 0.98, pic / H))
        self.ax.set_axis_off()
        self.ax.set_xlim(x0, x1)
        self.ax.set_ylim(y0, y1)
        self.ax.set_aspect("equal", adjustable="box")
        self.height_units = y1
        top -= pic + self._PH_GAP
        # the caption under the picture, left-aligned; the settings at the bottom, one a line
        self.caption = self.dynamic(fig.text(0.02, top / H, "", ha="left", va="top",
                                             fontsize=fs, linespacing=1.15))
        self.settings_text = self.dynamic(fig.text(0.01, 4 / H, "", ha="left", va="bottom",
                                                   fontsize=small, color="#333333",
                                                   linespacing=1.15))
        self.build_scene(self.ax)

    @property
    def px_per_unit(self) -> float:
        """Figure pixels per scene unit in the drawing area."""
        x0, x1 = self.ax.get_xlim()
        return self.fig.get_figwidth() * self.fig.dpi * self.ax.get_position().width / (x1 - x0)

    def moving(self, thing):
        """Register a group (or an artist, or a Molecules) whose drawing changes per frame."""
        for a in getattr(thing, "artists", [thing]):
            self.dynamic(a)
        return thing

    def update(self, frame: SceneFrame) -> None:
        self.step_text.set_text(f"Step {frame.step} of {frame.n_steps}")
        if self.phone:
            self.caption.set_text(_wrap(frame.caption, self.PHONE_WRAP, hyphens=False))
            self.settings_text.set_text(frame.settings.replace(" · ", "\n"))
        else:
            self.caption.set_text(_wrap(frame.caption, 95 if self.style == "notebook" else 80))
            self.settings_text.set_text(frame.settings)
        self.draw_scene(frame)
        self.alt = f"Step {frame.step} of {frame.n_steps}: {frame.caption}"

    def build_scene(self, ax) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def draw_scene(self, frame: SceneFrame) -> None:  # pragma: no cover - abstract
        raise NotImplementedError


def _wrap(text: str, width: int, *, hyphens: bool = True) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(text, width, break_on_hyphens=hyphens)) or " "
