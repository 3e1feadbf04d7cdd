"""Every scene and simulation: each step renders in both styles, has a caption, plays from
Python, falls back to an animated GIF with every caption, and rejects bad values clearly."""

from __future__ import annotations

import importlib
import io
import pkgutil

import ipywidgets as widgets
import pytest
from PIL import Image

import explainer.widgets as W
from explainer.widgets.animated import AnimatedExplorer
from explainer.widgets.base import _bounds
from explainer.widgets.scene import SceneExplorer


def _all_animated() -> list[type]:
    for mod in pkgutil.iter_modules(W.__path__):
        importlib.import_module(f"explainer.widgets.{mod.name}")
    out, todo = [], [AnimatedExplorer]
    while todo:
        cls = todo.pop()
        for sub in cls.__subclasses__():
            todo.append(sub)
            if sub.__module__.startswith("explainer.widgets.") and sub not in (SceneExplorer,):
                out.append(sub)
    return sorted(set(out), key=lambda c: c.__name__)


ANIMATED = _all_animated()
SCENES = [c for c in ANIMATED if issubclass(c, SceneExplorer)]


def test_there_are_at_least_six_scenes_and_the_microscope():
    names = {c.__name__ for c in ANIMATED}
    assert "MicroscopeExplorer" in names and "TcrCarScene" in names
    assert len(SCENES) >= 1


@pytest.mark.parametrize("style", ["notebook", "slides", "phone"])
@pytest.mark.parametrize("cls", SCENES, ids=lambda c: c.__name__)
def test_every_key_step_renders_with_its_caption(cls, style):
    e = cls(style=style)
    try:
        n = e.n_frames
        per = (n - 1) // (e._n_steps - 1)
        seen_captions, images = [], set()
        for k in range(0, n, per):
            e.set(step=k)
            img = Image.open(io.BytesIO(e.image_bytes()))
            assert img.size == e.diagram.size_px
            text = e.describe()
            assert text.startswith(f"Step {k // per + 1} of {e._n_steps} (frame {k + 1} of "
                                   f"{n}): ")
            assert len(text) > 30
            caption = e.diagram.alt.split(": ", 1)[1]
            assert caption in text, "the description holds the caption"
            seen_captions.append(e.diagram.alt)
            images.add(e.image_bytes())
        assert len(seen_captions) == e._n_steps
        # and every frame between the key steps renders, with a caption, at this size
        for k in range(n):
            e.set(step=k)
            assert Image.open(io.BytesIO(e.image_bytes())).size == e.diagram.size_px
            assert e.diagram.alt.startswith("Step ") and len(e.diagram.alt) > 20
        assert len(set(seen_captions)) == e._n_steps, "each key step needs its own caption"
        assert len(images) == e._n_steps, "each key step must look different"
    finally:
        e.close()


@pytest.mark.parametrize("cls", SCENES, ids=lambda c: c.__name__)
def test_every_option_changes_the_picture_at_some_step(cls):
    e = cls()
    try:
        for name, w in e.controls.items():
            if name == "step":
                continue
            if isinstance(w, widgets.Checkbox):
                values = [not w.value]
            elif hasattr(w, "options"):
                values = [v for v in (o[1] if isinstance(o, tuple) else o for o in w.options)
                          if v != w.value]
            else:  # a slider: its two ends
                lo, hi = _bounds(w)
                values = [v for v in (lo, hi) if v != w.value]
            for v in values:
                changed = False
                for k in range(0, e.n_frames, max(1, e.n_frames // 6)):
                    e.set(step=k)
                    before = e.image_bytes()
                    e.set(**{name: v})
                    changed |= e.image_bytes() != before
                    e.reset()
                assert changed, f"{cls.__name__}.{name}={v!r} never changes the figure"
    finally:
        e.close()


@pytest.mark.parametrize("cls", ANIMATED, ids=lambda c: c.__name__)
def test_bad_values_are_refused_clearly_and_change_nothing(cls):
    e = cls()
    try:
        before = e.image_bytes(), e.describe()
        with pytest.raises(ValueError, match="step must be from 0 to"):
            e.set(step=e.n_frames + 5)
        with pytest.raises(ValueError, match="whole number"):
            e.set(step=1.5)
        with pytest.raises(TypeError, match="must be a number"):
            e.set(step="3")
        assert (e.image_bytes(), e.describe()) == before
    finally:
        e.close()


@pytest.mark.parametrize("cls", ANIMATED, ids=lambda c: c.__name__)
def test_play_is_linked_to_the_step_and_the_fallback_is_an_animation(cls):
    e = cls()
    try:
        assert isinstance(e.play, widgets.Play)
        assert (e.play.min, e.play.max) == (0, e.n_frames - 1)
        assert e.play.interval <= 40, "play must ask for at least 25 frames a second"
        mime, data, alt = e.static_image()
        assert mime == "image/gif"
        gif = Image.open(io.BytesIO(data))
        assert gif.is_animated and gif.n_frames >= 5
        assert alt.startswith("Animation in") and len(alt) > 100
        html = e._repr_mimebundle_()["text/html"]
        assert "data:image/gif;base64," in html and "Settings shown" in html
        assert len(data) < 2_500_000, f"the stored animation is {len(data)} bytes"
    finally:
        e.close()


@pytest.mark.parametrize("cls", SCENES, ids=lambda c: c.__name__)
def test_step_buttons_jump_from_key_step_to_key_step(cls):
    e = cls()
    try:
        per = (e.n_frames - 1) // (e._n_steps - 1)
        e.step_by(+1)
        assert e.values["step"] == per
        e.set(step=per + 1)
        e.step_by(-1)
        assert e.values["step"] == per
        e.set(step=e.n_frames - 1)
        e.step_by(+1)
        assert e.values["step"] == e.n_frames - 1
        with pytest.raises(ValueError, match="direction must be"):
            e.step_by(2)
    finally:
        e.close()


def _option_sets(e) -> list[dict]:
    """Every combination of the toggles, with each slider at its ends."""
    import itertools

    choices = {}
    for name, w in e.controls.items():
        if name == "step":
            continue
        if isinstance(w, widgets.Checkbox):
            choices[name] = [False, True]
        elif hasattr(w, "options"):
            choices[name] = [o[1] if isinstance(o, tuple) else o for o in w.options]
        else:
            choices[name] = list(_bounds(w))
    return [dict(zip(choices, combo, strict=True))
            for combo in itertools.product(*choices.values())]


@pytest.mark.parametrize("cls", SCENES, ids=lambda c: c.__name__)
def test_phone_figure_is_narrow_portrait_and_its_strips_hold_every_caption(cls):
    """Phones (issue 13): 480 px wide, at most 640 px tall; the lines kept free under the
    picture hold every caption (wrapped, 11 pt) and the settings (one a line) of every
    combination of the options, so the caption never runs into the settings."""
    import textwrap

    e = cls(style="phone")
    try:
        d = e.diagram
        w, h = d.size_px
        assert w == 480 and h <= 640, (w, h)
        assert d.caption.get_fontsize() >= 10 and d.settings_text.get_fontsize() >= 10
        for opts in _option_sets(e):
            board = e.storyboard(**opts)
            for cap in board.captions():
                lines = textwrap.wrap(cap, d.PHONE_WRAP, break_on_hyphens=False)
                assert len(lines) <= d.phone_caption_lines, (opts, cap)
            assert len(e.settings_words(opts).split(" · ")) <= d.phone_settings_lines
    finally:
        e.close()
