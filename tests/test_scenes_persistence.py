"""The "Memory and B-cell aplasia" scene (notebook 05): toggles change what stays and the gauge."""

import pytest

from explainer.diagrams import scene_memory
from explainer.widgets.scenes_persistence import MemoryScene


@pytest.fixture(scope="module")
def scene():
    e = MemoryScene()
    yield e
    e.close()


def _visible(groups):
    return sum(g.artists[0].get_visible() for g in groups)


def _key(e, k):
    """Frame number of key step k (1-based)."""
    return (k - 1) * (e.controls["step"].max // (e._n_steps - 1))


def test_same_number_of_steps_for_every_toggle():
    n = {(p, i): scene_memory.storyboard(persistence=p, ivig=i).n_frames
         for p in ("long", "short") for i in (False, True)}
    assert len(set(n.values())) == 1


def test_effectors_fade_and_memory_stays_with_long_persistence(scene):
    scene.set(persistence="long", ivig=False, step=_key(scene, 1))
    d = scene.diagram
    assert _visible(d.groups["car_t"]) == scene_memory.N_EFF
    assert _visible(d.groups["normal_b"]) == scene_memory.N_B
    scene.set(step=_key(scene, 6))
    assert _visible(d.groups["car_t"]) == 0
    assert _visible(d.groups["memory"]) == scene_memory.N_MEM
    assert _visible(d.groups["normal_b"]) == 0          # B-cell aplasia goes on
    assert _visible(d.groups["neutral"]) == scene_memory.N_PC  # plasma cells survive
    # memory cells are drawn dashed (not colour alone)
    assert d.groups["memory"][0].artists[0].get_linestyle() not in ("-", "solid")
    assert not d.relapse.artists[0].get_visible()


def test_short_persistence_brings_b_cells_back_and_relapse_risk(scene):
    scene.set(persistence="short", ivig=False, step=_key(scene, 6))
    d = scene.diagram
    assert _visible(d.groups["memory"]) == 0
    assert _visible(d.groups["normal_b"]) == scene_memory.N_B
    assert d.relapse.artists[0].get_visible() and d.relapse_label.get_visible()
    assert "CD19-positive relapse" in scene.describe()
    scene.set(persistence="long")
    assert "CD19-positive relapse" not in scene.describe()


def test_ivig_refills_the_gauge(scene):
    step4 = _key(scene, 4)
    scene.set(persistence="long", ivig=False, step=step4)
    low = scene.diagram.fill.get_height()
    caption_off = scene.describe()
    scene.set(ivig=True)
    high = scene.diagram.fill.get_height()
    assert high > low
    assert low < scene_memory.IGG_NORMAL * scene.diagram.gh < high
    assert scene.describe() != caption_off and "IVIG" in scene.describe()
    assert scene.diagram.bag.artists[0].get_visible()
    assert scene.diagram.bag_label.get_text() == "IVIG infusion"
    scene.set(ivig=False)
    assert not scene.diagram.bag.artists[0].get_visible()


def test_captions_define_terms(scene):
    scene.set(persistence="long", ivig=True)
    text = " ".join(scene.captions())
    for term in ("B-cell aplasia", "IgG", "IVIG: antibodies from donors' blood", "CD19",
                 "memory CAR-T"):
        assert term in text


def test_bad_values_raise(scene):
    with pytest.raises(ValueError, match="persistence"):
        scene.set(persistence="forever")
    with pytest.raises(TypeError, match="ivig"):
        scene.set(ivig="yes")
    with pytest.raises(ValueError, match="persistence"):
        scene_memory.storyboard(persistence="medium", ivig=False)
    with pytest.raises(TypeError, match="ivig"):
        scene_memory.storyboard(persistence="long", ivig=1)


def test_every_frame_renders(scene):
    for p in ("long", "short"):
        for i in (False, True):
            scene.set(persistence=p, ivig=i)
            for k in range(0, scene.controls["step"].max + 1, 4):
                scene.set(step=k)
                assert len(scene.image_bytes()) > 1000
    scene.reset()
