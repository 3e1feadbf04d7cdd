"""Slide-style figures are readable in a deck (issue 13): a deck on a 1024 × 768 or 1280 × 720
projector shows each slide-style figure at ``deck_display_px`` CSS pixels of width; there every
figure text is at least 12 CSS px (the old "x-small" annotations came to 9.9-10.5 px), stays
inside the figure and never sits on other text, at the starting values, at each control's ends,
and in every third frame of each scene and of the microscope.
"""

import warnings

import pytest

from benchmarks.explorers import explorers
from explainer.diagrams.check import DECK_MIN_CSS_PX, deck_display_px, layout_problems
from tests.test_phone import ANIMATED, problems_at_each_setting, problems_in_key_frames


@pytest.fixture(autouse=True)
def _quiet():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


def _check(e, label, problems):
    if e.error is not None:
        problems.append(f"{label}: could not update ({e.error})")
        return
    w, h = e.diagram.fig.canvas.get_width_height()
    for p in layout_problems(e.diagram, display_px=deck_display_px(w, h),
                             min_css_px=DECK_MIN_CSS_PX):
        problems.append(f"{label}: {p}")


def test_deck_display_width_follows_the_slide_canvas():
    # 1024 x 768: the 1280 x 960 canvas at 0.8; a figure beside its panel gets 964 canvas px
    assert deck_display_px(1200, 560) == pytest.approx(964 * 0.8)
    # a figure narrower than the room is never enlarged (1280 x 720 shows it 1:1 at most)
    assert deck_display_px(600, 400) == pytest.approx(600 * 0.8)
    # a tall figure is limited by the height left under the title (530 px on 16:9)
    assert deck_display_px(800, 1000) == pytest.approx(530 * 0.8)


@pytest.mark.parametrize("cls", explorers(), ids=lambda c: c.__name__)
def test_explorer_slide_figure_is_readable_in_a_deck(cls):
    problems = problems_at_each_setting(cls, "slides", _check)
    assert not problems, f"{cls.__name__} ({len(problems)}): " + "; ".join(problems[:12])


@pytest.mark.parametrize("cls", ANIMATED, ids=lambda c: c.__name__)
def test_scene_slide_figure_is_readable_in_a_deck_in_every_key_frame(cls):
    problems = problems_in_key_frames(cls, "slides", _check)
    assert not problems, f"{cls.__name__} ({len(problems)}): " + "; ".join(problems[:12])
