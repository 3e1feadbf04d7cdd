"""The "Activation and growth" scene (notebook 03): icons follow the expansion model."""

import math

import pytest

from explainer.models import expansion
from explainer.widgets.scenes_expansion import ActivationScene, cells_on_day, growth, nice_per_icon


@pytest.fixture(scope="module")
def scene():
    e = ActivationScene()
    yield e
    e.close()


def _last(e):
    return e.controls["step"].max


def test_icons_follow_the_expansion_model(scene):
    scene.set(starting_cells=5e7, doubling_time_days=1.5, step=_last(scene))
    r = expansion.grow(starting_cells=5e7, transduction_percent=30.0, doubling_time_days=1.5,
                       days_in_culture=10.0)
    per = scene.result.options["per_icon"]
    assert scene.result["day"] == 10
    assert scene.result.options["cells"] == pytest.approx(r.final_car_cells, rel=1e-9)
    assert scene.result.options["icons"] == round(r.final_car_cells / per)
    assert len(scene.diagram.icons.get_offsets()) == scene.result.options["icons"]
    # day by day: the count drawn at each growth key frame is the model's count on that day
    per_step = scene.controls["step"].max // 7
    for k, day in ((4, 4.0), (5, 6.0), (6, 8.0), (7, 10.0)):
        scene.set(step=k * per_step)
        assert scene.result["day"] == day
        expected = r.car_cells[0] * 2 ** (day / 1.5)
        assert scene.result.options["cells"] == pytest.approx(expected, rel=1e-6)
        assert len(scene.diagram.icons.get_offsets()) == round(expected / per)
        assert expansion.sci(expected) in scene.describe().replace("\xa0", " ")


def test_icon_scale_is_a_round_number_and_fits():
    for total in (3.1e6, 1.0e8, 9.99e9, 2e12):
        per = nice_per_icon(total)
        mant = per / 10 ** math.floor(math.log10(per))
        assert round(mant, 9) in (1, 2, 5)
        assert 100 / 2.5 - 1e-9 <= total / per <= 100 + 1e-9  # fits, and not much room to spare
    with pytest.raises(ValueError, match="total"):
        nice_per_icon(0)


def test_sliders_change_the_figure_and_captions(scene):
    scene.set(starting_cells=5e7, doubling_time_days=1.5, step=4 * 7)
    slow_caption, slow_icons = scene.describe(), scene.result.options["icons"]
    scene.set(doubling_time_days=3.0)
    assert scene.describe() != slow_caption
    assert scene.result.options["icons"] != slow_icons
    assert "doubling every 3 days" in scene.describe()
    scene.set(starting_cells=1e6)
    assert scene.result.options["per_icon"] < growth(5e7, 3.0)[1]
    assert "Started with 3 × 10⁵" in scene.result.options["readout"]
    # the bag title states what one icon is
    assert expansion.sci(scene.result.options["per_icon"]) in scene.diagram.bag_title.get_text()
    scene.reset()


def test_fast_doubling_leaves_early_days_below_one_icon(scene):
    scene.set(doubling_time_days=0.5, step=0)
    assert scene.result.options["icons"] == 0
    assert "fewer than one icon" in scene.result.options["count"]
    scene.reset()


def test_cells_on_day_is_the_model_curve():
    r, _ = growth(5e7, 2.0)
    for day in (0.0, 2.5, 7.3, 10.0):
        assert cells_on_day(r, day) == pytest.approx(r.starting_car_cells * 2 ** (day / 2.0),
                                                     rel=1e-9)


def test_bad_values_raise(scene):
    with pytest.raises(ValueError, match="doubling_time_days"):
        scene.set(doubling_time_days=0.1)
    with pytest.raises(ValueError, match="starting_cells"):
        scene.set(starting_cells=1e12)
    with pytest.raises(TypeError, match="number"):
        scene.set(doubling_time_days="fast")
    with pytest.raises(ValueError, match="step"):
        scene.set(step=scene.controls["step"].max + 1)


def test_every_frame_renders_and_step_count_is_fixed(scene):
    n = scene.controls["step"].max
    for td in (0.5, 4.0):
        scene.set(doubling_time_days=td)
        assert scene.controls["step"].max == n
        for k in range(0, n + 1, 3):
            scene.set(step=k)
            assert len(scene.image_bytes()) > 1000
    scene.reset()


def test_activation_steps_show_beads_and_signals(scene):
    per = scene.controls["step"].max // 7
    scene.set(step=per)  # key frame 2: the bead docks
    assert scene.diagram.sig_text.get_visible()
    assert "CD28" in scene.describe() and "CD3" in scene.describe()
    scene.set(step=4 * per)
    assert not scene.diagram.sig_text.get_visible()
    assert not scene.diagram.bead.artists[0].get_visible()
    scene.reset()
