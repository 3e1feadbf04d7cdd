"""Scenes of notebook 02: "TCR or CAR" and "From virus to receptor" (driven with .set())."""

import math

import pytest

from explainer.diagrams import scene_vector
from explainer.models import engineering as eng
from explainer.widgets.scenes_engineering import TcrCarScene, VectorScene


@pytest.fixture(scope="module")
def vector():
    e = VectorScene()
    yield e
    e.close()


def _last(e):
    return e.n_frames - 1


@pytest.mark.parametrize("moi,copies", [(1.0, 0), (1.0, 1), (0.3, 2), (2.5, 3), (5.0, 1)])
def test_probability_drawn_and_described_follows_the_poisson_model(vector, moi, copies):
    vector.set(moi=moi, copies=copies, step=0)
    model = eng.transduction(moi=moi)
    p = model.vcn_probability(copies)
    assert vector.result.options["probability"] == pytest.approx(p)
    assert p == pytest.approx(math.exp(-moi) * moi ** copies / math.factorial(copies))
    text = scene_vector.percent(p)
    assert text in vector.diagram.readout.get_text()
    assert text in vector.describe()
    assert scene_vector.percent(model.fraction_transduced) in vector.panel_html(vector.result)


def test_percent_never_rounds_a_small_share_to_zero():
    assert scene_vector.percent(0.000126) == "0.013%"
    assert scene_vector.percent(0.3679) == "37%"
    assert scene_vector.percent(0.0) == "0%"


@pytest.mark.parametrize("copies", [0, 1, 2, 3])
def test_car_molecules_on_the_surface_follow_the_copy_number(vector, copies):
    vector.set(copies=copies, step=_last(vector))
    shown = sum(g.artists[0].get_visible() for g in vector.diagram.cars)
    assert shown == copies * scene_vector.CARS_PER_COPY
    label = vector.diagram.car_label.get_text()
    if copies == 0:
        assert "CAR-negative" in label and "CAR-negative" in vector.describe()
    else:
        assert f"{copies * scene_vector.CARS_PER_COPY} CAR molecules" in label
        assert "illustrative" in label


def test_no_particle_enters_and_no_gene_integrates_with_zero_copies(vector):
    vector.set(copies=0, step=_last(vector))
    d = vector.diagram
    assert not any(p.artists[0].get_visible() for p in d.pieces)
    assert not d.gene_label.get_visible()
    vector.set(copies=2)
    d = vector.diagram  # the diagram in the state shown (a cached frame is redrawn on demand)
    assert sum(p.artists[0].get_visible() for p in d.pieces) == 2
    assert d.gene_label.get_visible()


def test_copy_number_changes_figure_and_captions_but_not_the_step_range(vector):
    vector.set(copies=1, step=40)
    one, caps_one, n = vector.image_bytes(), vector.captions(), vector.n_frames
    vector.set(copies=0)
    assert vector.image_bytes() != one
    assert vector.captions() != caps_one
    assert vector.n_frames == n
    assert len(vector.captions()) == len(caps_one) == 9
    vector.set(copies=3)
    assert "3 CAR gene copies" in vector.describe()


def test_moi_changes_the_readout_not_the_story(vector):
    vector.set(copies=1, moi=1.0, step=16)
    caption = vector.result.caption
    a = vector.diagram.readout.get_text()
    vector.set(moi=3.0)
    assert vector.result.caption == caption
    assert vector.diagram.readout.get_text() != a
    assert "MOI 3.0" in vector.describe()


@pytest.mark.parametrize("params,error", [
    ({"copies": 4}, ValueError), ({"copies": "1"}, ValueError), ({"moi": 0.0}, ValueError),
    ({"moi": 12.0}, ValueError), ({"moi": "high"}, TypeError), ({"step": 65}, ValueError),
    ({"step": 1.5}, ValueError), ({"vcn": 1}, TypeError),
])
def test_bad_control_values_raise_clear_errors(vector, params, error):
    before = vector.values
    with pytest.raises(error):
        vector.set(**params)
    assert vector.values == before


def test_storyboard_rejects_bad_copy_numbers_and_keeps_one_length():
    lengths = {scene_vector.storyboard(copies=k).n_frames for k in range(4)}
    assert len(lengths) == 1
    for bad in (-1, 4, 1.5):
        with pytest.raises(ValueError, match="copies must be 0, 1, 2 or 3"):
            scene_vector.storyboard(copies=bad)


@pytest.mark.parametrize("copies", [0, 3])
def test_every_frame_renders(vector, copies):
    vector.set(copies=copies, moi=1.0)
    for k in range(vector.n_frames):
        vector.set(step=k)
        assert vector.image_bytes()[:2] in (b"\xff\xd8", b"\x89P")


def test_tcr_car_scene_still_works_and_the_hla_toggle_changes_captions():
    e = TcrCarScene()
    try:
        e.set(step=e.n_frames - 1)
        assert "Both T cells" in e.describe()
        e.set(hide_mhc=True)
        assert "Only the CAR-T cell" in e.describe()
        with pytest.raises(TypeError):
            e.set(hide_mhc="yes")
    finally:
        e.close()
