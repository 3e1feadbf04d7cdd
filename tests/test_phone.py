"""Phone figures (issue 13): on a 390 px phone every explorer, scene and the microscope draw a
narrow, portrait figure (the ``phone`` style) whose text is at least 10 CSS px where it is
shown, stays inside the figure and never sits on other text, at the starting values, at each
control's ends, and in every key frame of a scene. The browser test checks that phones get it.
"""

import inspect
import warnings

import ipywidgets as widgets
import pytest

from benchmarks.explorers import explorers
from explainer.diagrams import style
from explainer.diagrams.check import MIN_CSS_PX, PHONE_DISPLAY_PX, layout_problems
from explainer.widgets import (
    microscope,
    scenes_engineering,
    scenes_expansion,
    scenes_infusion,
    scenes_persistence,
)
from explainer.widgets.animated import AnimatedExplorer

ANIMATED = [c for m in (scenes_engineering, scenes_expansion, scenes_infusion,
                        scenes_persistence, microscope)
            for _, c in inspect.getmembers(m, inspect.isclass)
            if issubclass(c, AnimatedExplorer) and c.__module__ == m.__name__]
SLIDERS = (widgets.FloatSlider, widgets.IntSlider, widgets.FloatLogSlider)


def settings(e):
    """The starting values, then each control at its ends (sliders) or each option."""
    yield "start", {}
    for name, w in e.controls.items():
        if isinstance(w, widgets.FloatLogSlider):
            ends = [w.base ** w.min, w.base ** w.max]
        elif isinstance(w, SLIDERS):
            ends = [w.min, w.max]
        elif isinstance(w, widgets.Checkbox | widgets.ToggleButton):
            ends = [not w.value]
        elif hasattr(w, "options"):
            ends = [o[1] if isinstance(o, tuple) else o for o in w.options]
        else:
            continue
        for v in ends:
            yield f"{name}={v!r}", {name: v}


def check(e, label, problems):
    if e.error is not None:
        problems.append(f"{label}: could not update ({e.error})")
        return
    for p in layout_problems(e.diagram):
        problems.append(f"{label}: {p}")


def problems_at_each_setting(cls, style_name, check):
    """``check(e, label, problems)`` at the start values and each control's ends (a
    ``cls(style=style_name)`` explorer); the problems found."""
    e = cls(style=style_name)
    problems = []
    try:
        start = e.values
        for label, change in settings(e):
            e.set(**change)  # redraws once (a value held back by the model is an error shown)
            check(e, label, problems)
            e.set(**start)
    finally:
        e.close()
    return problems


def problems_in_key_frames(cls, style_name, check):
    """``check`` in every third frame of a scene (and its last)."""
    e = cls(style=style_name)
    problems = []
    try:
        step = e.controls[e.frame_control]
        for f in sorted(set(range(step.min, step.max + 1, 3)) | {step.max}):
            step.value = f
            check(e, f"frame {f}", problems)
    finally:
        e.close()
    return problems


@pytest.fixture(autouse=True)
def _quiet():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


def test_phone_style_is_narrow_and_its_text_is_large_enough_there():
    w_in, _ = style.figsize("wide", "phone")
    assert w_in * 100 <= 500, "a phone figure is drawn at most 500 px wide"
    assert style.font_size("phone") * 100 / 72 * PHONE_DISPLAY_PX / (w_in * 100) >= MIN_CSS_PX


@pytest.mark.parametrize("cls", explorers(), ids=lambda c: c.__name__)
def test_explorer_phone_figure_is_readable(cls):
    problems = problems_at_each_setting(cls, "phone", check)
    assert not problems, f"{cls.__name__} ({len(problems)}): " + "; ".join(problems[:12])


@pytest.mark.parametrize("cls", ANIMATED, ids=lambda c: c.__name__)
def test_scene_phone_figure_is_readable_in_every_key_frame(cls):
    problems = problems_in_key_frames(cls, "phone", check)
    assert not problems, f"{cls.__name__} ({len(problems)}): " + "; ".join(problems[:12])


def test_the_phone_button_switches_the_figure_and_back():
    cls = explorers()[0]
    e = cls()
    try:
        wide = e.diagram.size_px
        e.phone.value = True
        assert e.style == "phone" and e.diagram.size_px[0] < wide[0]
        assert not e.projector.value
        e.projector.value = True  # projector releases the phone figure
        assert e.style == "slides" and not e.phone.value
        e.projector.value = False
        assert e.style == "notebook" and e.diagram.size_px == wide
    finally:
        e.close()
