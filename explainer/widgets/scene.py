"""``SceneExplorer``: a scene (key frames + cartoon) as a widget with Play, step and toggles.

A subclass names its diagram class and implements ``storyboard(**options)`` (the key frames for
the current toggles, from :mod:`explainer.diagrams.scenekit`) and optionally ``options()`` (the
toggles: ``name -> widget``). Every storyboard a scene can show has the same number of key frames
and frames, so the step control keeps its range when a toggle changes.

Controls: Play / Pause / Repeat (the Play widget), the frame slider (arrow keys: one frame;
Home / End: first and last), "Previous step" / "Next step" buttons that jump key frame to key
frame, the toggles, and Reset. The live description (the text alternative) is the caption of the
step shown.
"""

from __future__ import annotations

import math

import ipywidgets as widgets

from ..diagrams.scenekit import SceneFrame, Storyboard
from .animated import AnimatedExplorer


class SceneExplorer(AnimatedExplorer):
    """Base class of every scene (see the module docstring)."""

    frame_control = "step"
    diagram_class = None  #: a :class:`~explainer.diagrams.scenekit.SceneDiagram` subclass

    # -- to implement -------------------------------------------------------------------------
    def storyboard(self, **options) -> Storyboard:  # pragma: no cover - abstract
        raise NotImplementedError

    def options(self) -> dict[str, widgets.Widget]:
        """Toggles that change what the scene shows (default: none)."""
        return {}

    # -- Explorer hooks ---------------------------------------------------------------------
    def make_controls(self):
        extra = dict(self.options())
        if self.frame_control in extra:
            raise ValueError(f"an option may not be called {self.frame_control!r}")
        defaults = {n: w.value for n, w in extra.items()}
        board = self.storyboard(**defaults)
        self._n_steps = board.n_steps
        return {self.frame_control: widgets.IntSlider(
                    value=0, min=0, max=board.n_frames - 1, step=1,
                    description="Frame:", continuous_update=True),
                **extra}

    def make_diagram(self, style):
        if self.diagram_class is None:
            raise TypeError(f"{type(self).__name__} must set diagram_class")
        return self.diagram_class(style=style)

    def checked_storyboard(self, options: dict) -> Storyboard:
        """``storyboard(**options)``, refused if its frame count differs from the step range."""
        board = self.storyboard(**options)
        if board.n_frames != self.controls[self.frame_control].max + 1:
            raise ValueError(f"every storyboard of {type(self).__name__} must have "
                             f"{self.controls[self.frame_control].max + 1} frames; "
                             f"got {board.n_frames} for {options}")
        return board

    def compute(self, **values) -> SceneFrame:
        frame = values.pop(self.frame_control)
        board = self.checked_storyboard(values)
        return board.at(frame, **values).with_settings(self.settings_words(values))

    def settings_words(self, values: dict) -> str:
        """The options in words, e.g. "Tumour hides its HLA (MHC): yes" (empty: no options)."""
        parts = []
        for name, value in values.items():
            w = self.controls[name]
            label = (w.description or name).rstrip(": ")
            if isinstance(w, widgets.Checkbox):
                text = "yes" if value else "no"
            elif hasattr(w, "options"):
                text = next((str(o[0]) for o in w.options
                             if isinstance(o, tuple) and o[1] == value), str(value))
            else:
                text = human_number(value)
            parts.append(f"{label}: {text}")
        return " · ".join(parts)

    def describe_result(self, result: SceneFrame) -> str:
        text = (f"Step {result.step} of {result.n_steps} (frame {result.frame + 1} of "
                f"{result.n_frames}): {result.caption}")
        return f"{text} (Settings: {result.settings}.)" if result.settings else text

    def captions(self) -> list[str]:
        opts = {n: w.value for n, w in self.controls.items() if n != self.frame_control}
        board = self.storyboard(**opts)
        return [f"Step {i} of {board.n_steps}: {c}" for i, c in enumerate(board.captions(), 1)]

    # -- step buttons ---------------------------------------------------------------------------
    def _build_layout(self) -> None:
        super()._build_layout()
        self.prev_button = widgets.Button(description="Previous step", icon="",
                                          tooltip="Go back to the previous key step",
                                          layout=widgets.Layout(width="auto", min_width="120px"))
        self.next_button = widgets.Button(description="Next step",
                                          tooltip="Go on to the next key step",
                                          layout=widgets.Layout(width="auto", min_width="100px"))
        self.prev_button.on_click(lambda _b: self.step_by(-1))
        self.next_button.on_click(lambda _b: self.step_by(+1))
        kids = list(self.controls_box.children)
        steps = widgets.HBox([self.prev_button, self.next_button])
        steps.add_class("explorer-play-row")
        kids[0] = widgets.VBox([kids[0], steps], layout=widgets.Layout(width="100%"))
        self.controls_box.children = kids

    def step_by(self, direction: int) -> SceneExplorer:
        """Jump to the next (+1) or previous (-1) key step."""
        if direction not in (-1, 1):
            raise ValueError(f"direction must be -1 or +1; got {direction!r}")
        w = self.controls[self.frame_control]
        per = max(1, (w.max) // max(1, self._n_steps - 1))
        k = w.value // per + (1 if direction > 0 else (-1 if w.value % per == 0 else 0))
        return self.set(**{self.frame_control: min(max(k * per, w.min), w.max)})

    def close(self) -> None:
        for b in (getattr(self, "prev_button", None), getattr(self, "next_button", None)):
            if b is not None:
                b.close()
        super().close()


_SUP = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def human_number(value) -> str:
    """A number as students read it: 5 × 10⁷, 1.5, 12 (never 5e+07)."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    v = float(value)
    if v != 0 and (abs(v) >= 1e4 or abs(v) < 1e-2):
        exp = math.floor(math.log10(abs(v)))
        mant = round(v / 10 ** exp, 1)
        if abs(mant) >= 10:
            mant, exp = mant / 10, exp + 1
        return f"{mant:g} × 10{str(exp).translate(_SUP)}"
    return f"{v:g}"
