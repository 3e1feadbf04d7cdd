"""Scenes of notebook 04: the immune synapse and where CRS comes from."""

from __future__ import annotations

import pytest

from explainer.diagrams import scene_synapse
from explainer.widgets.scenes_infusion import SynapseScene


@pytest.fixture(scope="module")
def synapse():
    e = SynapseScene()
    yield e
    e.close()


def _last(e):
    return e.controls["step"].max


def test_synapse_every_level_has_the_same_frames():
    n = {lvl: scene_synapse.storyboard(antigen=lvl).n_frames for lvl in scene_synapse.LEVELS}
    assert len(set(n.values())) == 1


def test_synapse_high_kills_two_and_divides(synapse):
    synapse.set(antigen="high", step=_last(synapse))
    r = synapse.result
    assert r["u1_death"] == 1.0 and r["u2_death"] == 1.0 and r["divide"] == 1.0
    assert synapse.diagram.killed.get_text() == "Tumour cells killed: 2"
    assert synapse.diagram.daughter.artists[0].get_visible()
    assert "divides" in synapse.describe()


def test_synapse_low_antigen_is_slower(synapse):
    synapse.set(antigen="low", step=_last(synapse))
    r = synapse.result
    assert r["u1_death"] == 1.0 and r["u2_death"] == 0.0 and r["divide"] == 0.0
    assert synapse.diagram.killed.get_text() == "Tumour cells killed: 1"
    assert not synapse.diagram.daughter.artists[0].get_visible()
    # at the step where a CD19-high cell is already dead, the CD19-low one is only dying
    k = 4 * scene_synapse.storyboard(antigen="high").frames_per_step
    synapse.set(antigen="low", step=k)
    low = synapse.result["u1_death"]
    synapse.set(antigen="high", step=k)
    assert synapse.result["u1_death"] == 1.0 > low


def test_synapse_no_antigen_no_binding_no_killing(synapse):
    synapse.set(antigen="none")
    for k in range(_last(synapse) + 1):
        synapse.set(step=k)
        r = synapse.result
        assert r["bound1"] == r["bound2"] == r["u1_death"] == r["u2_death"] == 0.0
        assert len(synapse.diagram.cd19_heads.get_offsets()) == 0
    assert "antigen escape" in synapse.describe()
    assert synapse.diagram.killed.get_text() == "Tumour cells killed: 0"


def test_synapse_toggle_changes_cd19_drawn_and_captions(synapse):
    counts, captions = {}, {}
    for lvl in scene_synapse.LEVELS:
        synapse.set(antigen=lvl, step=0)
        counts[lvl] = len(synapse.diagram.cd19_heads.get_offsets())
        captions[lvl] = synapse.captions()
    assert counts["high"] > counts["low"] > counts["none"] == 0
    assert captions["high"] != captions["low"] != captions["none"]


def test_synapse_binding_lights_the_binders(synapse):
    synapse.set(antigen="high", step=scene_synapse.storyboard(antigen="high").frames_per_step)
    edges = synapse.diagram.car_lobes.get_edgecolors()
    assert any(tuple(e[:3]) != (0, 0, 0) for e in edges)  # lit (yellow) binder lobes
    synapse.set(step=0)
    assert all(tuple(e[:3]) == (0, 0, 0) for e in synapse.diagram.car_lobes.get_edgecolors())


def test_synapse_release_draws_perforin_and_granzyme(synapse):
    fps = scene_synapse.storyboard(antigen="high").frames_per_step
    synapse.set(antigen="high", step=2 * fps)
    assert len(synapse.diagram.perforin[0].artist.get_offsets()) == 0
    synapse.set(step=3 * fps)
    assert len(synapse.diagram.perforin[0].artist.get_offsets()) == scene_synapse.N_MOL
    assert len(synapse.diagram.granzyme[0].artist.get_offsets()) == scene_synapse.N_MOL


def test_synapse_bad_values(synapse):
    with pytest.raises(ValueError, match="antigen"):
        synapse.set(antigen="medium")
    with pytest.raises(ValueError, match="step"):
        synapse.set(step=10_000)
    with pytest.raises(TypeError):
        synapse.set(step="3")
    with pytest.raises(ValueError, match="antigen must be one of"):
        scene_synapse.storyboard(antigen="lots")


def test_synapse_every_frame_renders_each_level(synapse):
    for lvl in scene_synapse.LEVELS:
        synapse.set(antigen=lvl)
        for k in range(_last(synapse) + 1):
            synapse.set(step=k)
            assert synapse.image_bytes()


# -- Where CRS comes from -------------------------------------------------------------------------
from explainer.diagrams import scene_crs  # noqa: E402
from explainer.widgets.scenes_infusion import CrsScene  # noqa: E402


@pytest.fixture(scope="module")
def crs():
    e = CrsScene()
    yield e
    e.close()


def _counts(e):
    return {k: len(m.artist.get_offsets()) for k, m in e.diagram.mol.items()}


def test_crs_same_frames_for_every_toggle():
    n = {scene_crs.storyboard(tocilizumab=t, steroids=s).n_frames
         for t in (False, True) for s in (False, True)}
    assert len(n) == 1


def test_crs_untreated_full_cascade(crs):
    crs.set(tocilizumab=False, steroids=False, step=crs.controls["step"].max)
    c = _counts(crs)
    assert c == scene_crs.N_MAX
    assert "cytokine release syndrome" in crs.describe()
    assert crs.diagram.effect_text.get_text().startswith("high fever")
    assert not crs.diagram.toci.get_visible() and not crs.diagram.ster[0].get_visible()


def test_crs_steroids_release_fewer_molecules(crs):
    last = crs.controls["step"].max
    crs.set(tocilizumab=False, steroids=False, step=last)
    full = _counts(crs)
    crs.set(steroids=True)
    damped = _counts(crs)
    assert all(damped[k] < full[k] for k in full)
    assert crs.diagram.ster[0].get_visible() and crs.diagram.ster[1].get_visible()
    assert "Corticosteroids" in " ".join(crs.captions())


def test_crs_tocilizumab_il6_drawn_but_not_bound(crs):
    last = crs.controls["step"].max
    crs.set(tocilizumab=False, steroids=False, step=last)
    free = _counts(crs)
    h_free = crs.diagram.mercury.get_height()
    docked_free = crs.diagram.mol["il6"].artist.get_offsets()[:4, 0]
    crs.set(tocilizumab=True)
    assert _counts(crs)["il6"] == free["il6"]  # IL-6 still there
    docked = crs.diagram.mol["il6"].artist.get_offsets()[:4, 0]
    assert (docked < docked_free).all()  # held in front of the blocked receptor
    assert crs.diagram.toci.get_visible()
    assert crs.diagram.mercury.get_height() < h_free
    assert "cannot bind" in " ".join(crs.captions())


def test_crs_levels_follow_the_toggles():
    base = scene_crs.levels(tocilizumab=False, steroids=False)
    toci = scene_crs.levels(tocilizumab=True, steroids=False)
    ster = scene_crs.levels(tocilizumab=False, steroids=True)
    assert toci["mac"] == base["mac"] and toci["il6_acting"] == 0 < base["il6_acting"]
    assert ster["car"] < base["car"] and ster["mac"] < base["mac"]
    assert toci["fever"] < base["fever"] and ster["fever"] < base["fever"]


def test_crs_bad_values(crs):
    with pytest.raises(TypeError, match="tocilizumab"):
        crs.set(tocilizumab="yes")
    with pytest.raises(ValueError, match="step"):
        crs.set(step=-1)
    with pytest.raises(TypeError, match="steroids"):
        scene_crs.levels(tocilizumab=False, steroids=1)


def test_crs_every_frame_renders(crs):
    for t in (False, True):
        for s in (False, True):
            crs.set(tocilizumab=t, steroids=s)
            for k in range(crs.controls["step"].max + 1):
                crs.set(step=k)
                assert crs.image_bytes()
