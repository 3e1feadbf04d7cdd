"""Frames kept and drawn ahead (explainer.widgets.frames), alone and inside an Explorer.

A frame (model result + image bytes) depends only on the control values, so it is drawn once
and kept; in a kernel, the next slider step is drawn while the user is between key presses.
These tests check the pieces on their own (LRU cache, one-per-turn prefetcher, snapping to the
step grid), that a cached or prefetched frame is byte-identical to a freshly drawn one, that
slider values the browser sends off the step grid (0.30000000000000004) find their frame, and
that prefetching only happens inside an event loop and never touches the page.
"""

from __future__ import annotations

import asyncio

import ipywidgets as widgets
import pytest

from explainer.widgets.engineering import TransductionExplorer
from explainer.widgets.frames import (
    FrameCache,
    Prefetcher,
    SharedFrames,
    cache_size_from_env,
    frame_key,
    neighbour,
    snap,
)
from explainer.widgets.grading import CRSGrader
from explainer.widgets.journey import JourneyExplorer
from explainer.widgets.persistence import CARTmathExplorer


def fresh_frame(cls, **values) -> tuple[bytes, str]:
    e = cls(key="fresh")
    e.set(**values)
    out = e.image_bytes(), e.describe()
    e.close()
    return out


# -- the pieces alone ------------------------------------------------------------------------
def test_frame_cache_drops_the_least_recently_used():
    c = FrameCache(2)
    c.put("a", 1)
    c.put("b", 2)
    assert c.get("a") == 1  # "a" is now the most recent
    c.put("c", 3)
    assert c.keys() == ["a", "c"] and "b" not in c and c.get("b") is None
    c.maxsize = 1  # shrinking drops the oldest at once
    assert c.keys() == ["c"] and len(c) == 1
    off = FrameCache(0)
    off.put("a", 1)
    assert len(off) == 0
    for bad in (-1, 2.5, True):
        with pytest.raises(ValueError, match="maxsize must be a whole number"):
            FrameCache(bad)


def test_prefetcher_draws_one_item_per_turn_and_swallows_errors():
    drawn = []

    def draw(item):
        if item == "bad":
            raise ValueError("nobody asked for this")
        drawn.append(item)

    async def scenario():
        p = Prefetcher(draw, pause=0.01)
        assert p.schedule(["a", None, "bad", "b"])
        assert p.pending and drawn == []  # nothing drawn before the loop turns
        await asyncio.sleep(0)
        await asyncio.sleep(0)
        assert drawn == ["a"]  # one per turn, then a pause
        await asyncio.sleep(0.1)
        assert drawn == ["a", "b"] and not p.pending
        p.schedule(["c"], delay=0.05)
        p.cancel()
        await asyncio.sleep(0.1)
        return drawn

    assert asyncio.run(scenario()) == ["a", "b"]
    assert Prefetcher(draw).schedule(["x"]) is False  # no event loop: nothing queued


def test_snap_and_neighbour_on_plain_sliders():
    controls = {"x": widgets.FloatSlider(value=0.3, min=0.0, max=1.0, step=0.1),
                "n": widgets.IntSlider(value=2, min=0, max=3),
                "on": widgets.Checkbox(value=True)}
    values = {"x": 0.30000000000000004, "n": 3, "on": True}
    assert snap(controls, values) == {"x": 0.3, "n": 3, "on": True}
    assert frame_key(controls, values) == (0.3, 3, True)
    assert neighbour(controls, values, "x", +1)["x"] == 0.4
    assert neighbour(controls, values, "n", +1) is None  # top of the range
    assert neighbour(controls, values, "on", +1) is None  # not a slider


def test_frame_cache_size_comes_from_the_environment(monkeypatch):
    monkeypatch.delenv("CART_FRAME_CACHE", raising=False)
    assert cache_size_from_env() == 64
    monkeypatch.setenv("CART_FRAME_CACHE", "5")
    assert cache_size_from_env() == 5
    for bad in ("-1", "many", "2.5"):
        monkeypatch.setenv("CART_FRAME_CACHE", bad)
        with pytest.raises(ValueError, match="CART_FRAME_CACHE must be a whole number"):
            cache_size_from_env()


# -- inside an Explorer ----------------------------------------------------------------------
def test_cached_frame_is_identical_to_a_fresh_one():
    e = JourneyExplorer(key="cache")
    e.set(day=40)
    first = e.image_bytes(), e.describe()
    e.set(day=41)
    misses = len(e.frame_cache)
    e.set(day=40)  # from the cache: no new frame drawn
    assert len(e.frame_cache) == misses
    assert (e.image_bytes(), e.describe()) == first == fresh_frame(JourneyExplorer, day=40)
    e.close()


def test_diagram_property_follows_the_shown_state_after_a_cache_hit():
    e = JourneyExplorer(key="diagram")
    e.set(day=-30)
    x_minus_30 = e.diagram.marker.get_xdata()[0]
    e.set(day=200)
    x_200 = e.diagram.marker.get_xdata()[0]
    e.set(day=-30)  # cache hit: the artists still hold day 200 until someone looks
    assert e._diagram.marker.get_xdata()[0] == x_200
    assert e.diagram.marker.get_xdata()[0] == x_minus_30 != x_200
    e.close()


def test_values_off_the_step_grid_share_the_frame_of_the_grid_value():
    e = TransductionExplorer(key="grid")
    w = e.controls["moi"]
    e.set(moi=0.30000000000000004)
    assert snap(e.controls, e.values)["moi"] == 0.3
    n = len(e.frame_cache)
    e.set(moi=0.3)
    assert len(e.frame_cache) == n  # same key: no second frame
    # a value between grid points (typed into the twin) is kept as typed
    e.set(moi=0.37)
    assert snap(e.controls, e.values)["moi"] == 0.37 and w.value == 0.37
    assert len(e.frame_cache) == n + 1
    e.close()


def test_log_slider_values_are_snapped_in_exponent_space():
    e = CARTmathExplorer(key="log")
    w = e.controls["dose_cells"]
    e.set(dose_cells=10 ** 6.25 * (1 + 1e-12))
    assert snap(e.controls, e.values)["dose_cells"] == 10 ** 6.25
    nb = neighbour(e.controls, e.values, "dose_cells", +1)
    assert nb["dose_cells"] == pytest.approx(10 ** 6.5) and w.value == e.values["dose_cells"]
    e.set(dose_cells=10 ** 8)
    assert neighbour(e.controls, e.values, "dose_cells", +1) is None  # top end: no step up
    e.close()


def test_neighbour_skips_disabled_and_non_slider_controls():
    e = CRSGrader(key="nb")
    e.set(oxygen="room_air")
    assert e.controls["oxygen_flow_l_min"].disabled
    assert neighbour(e.controls, e.values, "oxygen_flow_l_min", +1) is None
    assert neighbour(e.controls, e.values, "oxygen", +1) is None
    assert neighbour(e.controls, e.values, "temperature_c", +1)["temperature_c"] == (
        pytest.approx(e.values["temperature_c"] + e.controls["temperature_c"].step))
    e.close()


def test_no_prefetch_without_an_event_loop():
    e = JourneyExplorer(key="noloop")
    e.controls["day"].value = 5
    assert not e.prefetcher.pending and not e.prefetcher.queue
    e.close()


def test_prefetch_in_an_event_loop_draws_the_next_step_without_touching_the_page():
    async def scenario():
        e = JourneyExplorer(key="loop", day=10)
        e.controls["day"].value = 11  # as the browser would: one step up
        shown = e.image_bytes(), e.describe(), e.values
        assert e.prefetcher.pending
        await asyncio.sleep(0.1)  # the step ahead (12) is drawn first
        assert frame_key(e.controls, {"product": e.values["product"], "day": 12}) in e.frame_cache
        assert (e.image_bytes(), e.describe(), e.values) == shown  # nothing on the page changed
        await asyncio.sleep(0.4)  # then the step back (10 is already there)
        n = len(e.frame_cache)
        e.controls["day"].value = 12  # a cache hit
        assert len(e.frame_cache) == n
        out = e.image_bytes(), e.describe()
        e.close()
        assert e._closed and not e.frame_cache and not e.prefetcher.pending
        return out

    assert asyncio.run(scenario()) == fresh_frame(JourneyExplorer, day=12)


def test_prefetch_stops_when_the_explorer_is_closed_and_ignores_model_errors():
    async def scenario():
        e = JourneyExplorer(key="closed", day=10)
        e.prefetcher.schedule([{"product": "no such product", "day": 3}])
        await asyncio.sleep(0.05)  # a failing frame is skipped, not shown
        assert e.error is None and "Could not" not in e.status.value
        e.controls["day"].value = 11
        e.close()
        await asyncio.sleep(0.1)
        return len(e.frame_cache)

    assert asyncio.run(scenario()) == 0


def test_cache_off_draws_every_frame_and_never_prefetches(monkeypatch):
    from explainer.widgets.base import Explorer

    monkeypatch.setattr(Explorer, "frame_cache_size", 0)

    async def scenario():
        e = JourneyExplorer(key="off", day=10)
        e.controls["day"].value = 11
        await asyncio.sleep(0.05)
        out = len(e.frame_cache), e.prefetcher.pending, e.image_bytes()
        e.close()
        return out

    n, pending, image = asyncio.run(scenario())
    assert n == 0 and not pending and image == fresh_frame(JourneyExplorer, day=11)[0]


def test_cache_keeps_at_most_frame_cache_size_frames(monkeypatch):
    from explainer.widgets.base import Explorer

    monkeypatch.setattr(Explorer, "frame_cache_size", 3)
    e = JourneyExplorer(key="lru")
    for day in range(20, 30):
        e.set(day=day)
    assert len(e.frame_cache) == 3
    assert e.frame_cache.keys()[-1] == frame_key(e.controls, e.values)
    e.close()


def test_other_options_lists_each_other_choice_next_first():
    import ipywidgets as widgets

    from explainer.widgets.frames import other_options
    controls = {"p": widgets.Dropdown(options=[("A", "a"), ("B", "b"), ("C", "c")], value="b"),
                "x": widgets.FloatSlider(value=1, min=0, max=2, step=1)}
    values = {"p": "b", "x": 1.0}
    assert other_options(controls, values, "p") == [{"p": "c", "x": 1.0}, {"p": "a", "x": 1.0}]
    assert other_options(controls, values, "x") == []  # sliders step instead
    controls["p"].disabled = True
    assert other_options(controls, values, "p") == []


# -- frames shared by the kernels of a class (CART_SHARED_FRAMES) ----------------------------
def test_shared_frames_store_is_off_unless_named_and_refuses_a_missing_directory(
        monkeypatch, tmp_path):
    monkeypatch.delenv("CART_SHARED_FRAMES", raising=False)
    assert SharedFrames.from_env() is None
    monkeypatch.setenv("CART_SHARED_FRAMES", str(tmp_path / "nowhere"))
    with pytest.raises(ValueError, match="CART_SHARED_FRAMES must name an existing directory"):
        SharedFrames.from_env()


def test_a_frame_drawn_by_one_kernel_is_read_not_drawn_by_another(monkeypatch, tmp_path):
    """Two explorers stand for two students' kernels: the second shows the first one's frames
    (same bytes, same description) without computing, a frame in another style is its own,
    and an unreadable or foreign file is drawn again."""
    monkeypatch.setenv("CART_SHARED_FRAMES", str(tmp_path))
    first = JourneyExplorer(key="student-1")
    first.set(day=40)
    shown = first.image_bytes(), first.describe()
    assert len(list(tmp_path.glob("*.frame"))) >= 2  # the start frame and day 40

    second = JourneyExplorer(key="student-2")
    computed = []
    real = second.compute
    monkeypatch.setattr(second, "compute", lambda **v: computed.append(v) or real(**v))
    second.set(day=40)
    assert computed == [] and (second.image_bytes(), second.describe()) == shown
    assert second.diagram.marker.get_xdata()[0] == first.diagram.marker.get_xdata()[0]

    second.set(day=41)  # nobody drew day 41 yet
    assert len(computed) == 1

    second.use_style("slides")  # another style: not the notebook frame
    assert len(computed) == 2 and second.image_bytes() != shown[0]

    for f in tmp_path.glob("*.frame"):
        f.write_bytes(b"not a frame")
    computed.clear()
    second.use_style("notebook")  # its own cache is emptied: day 41, then 40, drawn again
    second.set(day=40)
    assert [v["day"] for v in computed] == [41, 40] and second.image_bytes() == shown[0]
    first.close()
    second.close()


def test_shared_frames_stop_writing_when_the_directory_is_full(tmp_path):
    store = SharedFrames(str(tmp_path), max_files=3)
    for i in range(3):
        (tmp_path / f"{i}.frame").write_bytes(b"x")
    store.put(("E", "notebook", (1,)), ("result", b"png"))
    assert store.get(("E", "notebook", (1,))) is None
    roomy = SharedFrames(str(tmp_path), max_files=100)
    roomy.put(("E", "notebook", (1,)), ("result", b"png"))
    assert roomy.get(("E", "notebook", (1,))) == ("result", b"png")
    assert roomy.get(("E", "slides", (1,))) is None
    assert not list(tmp_path.glob("*.part"))  # written beside, then renamed
