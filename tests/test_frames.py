"""The Explorer's frame cache and idle-time prefetch (explainer.widgets.base).

A frame (model result + image bytes) depends only on the control values, so it is drawn once
and kept; in a kernel, the next slider step is drawn while the user is between key presses.
These tests check that a cached or prefetched frame is byte-identical to a freshly drawn one,
that slider values the browser sends off the step grid (0.30000000000000004) find their
frame, and that prefetching only happens inside an event loop and never touches the page.
"""

from __future__ import annotations

import asyncio

import pytest

from explainer.widgets.engineering import TransductionExplorer
from explainer.widgets.grading import CRSGrader
from explainer.widgets.journey import JourneyExplorer
from explainer.widgets.persistence import CARTmathExplorer


def fresh_frame(cls, **values) -> tuple[bytes, str]:
    e = cls(key="fresh")
    e.set(**values)
    out = e.png(), e.describe()
    e.close()
    return out


def test_cached_frame_is_identical_to_a_fresh_one():
    e = JourneyExplorer(key="cache")
    e.set(day=40)
    first = e.png(), e.describe()
    e.set(day=41)
    misses = len(e._frames)
    e.set(day=40)  # from the cache: no new frame drawn
    assert len(e._frames) == misses
    assert (e.png(), e.describe()) == first == fresh_frame(JourneyExplorer, day=40)
    e.close()


def test_diagram_property_follows_the_shown_state_after_a_cache_hit():
    e = JourneyExplorer(key="diagram")
    e.set(day=-30)
    x_minus_30 = e.diagram.marker.get_xdata()[0]
    e.set(day=200)
    x_200 = e.diagram.marker.get_xdata()[0]
    e.set(day=-30)  # cache hit: the artists still hold day 200 until someone looks
    assert e._diagram_key != e._frame_key(e.values)
    assert e.diagram.marker.get_xdata()[0] == x_minus_30 != x_200
    e.close()


def test_values_off_the_step_grid_share_the_frame_of_the_grid_value():
    e = TransductionExplorer(key="grid")
    w = e.controls["moi"]
    e.set(moi=0.30000000000000004)
    assert e._quantized(e.values)["moi"] == 0.3
    n = len(e._frames)
    e.set(moi=0.3)
    assert len(e._frames) == n  # same key: no second frame
    # a value between grid points (typed into the twin) is kept as typed
    e.set(moi=0.37)
    assert e._quantized(e.values)["moi"] == 0.37 and w.value == 0.37
    e.close()


def test_log_slider_values_are_snapped_in_exponent_space():
    e = CARTmathExplorer(key="log")
    w = e.controls["dose_cells"]
    e.set(dose_cells=10 ** 6.25 * (1 + 1e-12))
    q = e._quantized(e.values)["dose_cells"]
    assert q == 10 ** 6.25
    nb = e._neighbour("dose_cells", +1)
    assert nb["dose_cells"] == pytest.approx(10 ** 6.5) and w.value == e.values["dose_cells"]
    e.set(dose_cells=10 ** 8)
    assert e._neighbour("dose_cells", +1) is None  # at the top end: no step up
    e.close()


def test_neighbour_skips_disabled_and_non_slider_controls():
    e = CRSGrader(key="nb")
    e.set(oxygen="room_air")
    assert e.controls["oxygen_flow_l_min"].disabled
    assert e._neighbour("oxygen_flow_l_min", +1) is None
    assert e._neighbour("oxygen", +1) is None
    assert e._neighbour("temperature_c", +1)["temperature_c"] == pytest.approx(
        e.values["temperature_c"] + e.controls["temperature_c"].step)
    e.close()


def test_no_prefetch_without_an_event_loop():
    e = JourneyExplorer(key="noloop")
    e.controls["day"].value = 5
    assert e._prefetch_handle is None and not e._prefetch_queue
    e.close()


def test_prefetch_in_an_event_loop_draws_the_next_step_without_touching_the_page():
    async def scenario():
        e = JourneyExplorer(key="loop", day=10)
        e.controls["day"].value = 11  # as the browser would: one step up
        shown = e.png(), e.describe(), e.values
        assert e._prefetch_handle is not None
        await asyncio.sleep(0.1)  # the step ahead (12) is drawn first
        assert e._frame_key({"product": e.values["product"], "day": 12}) in e._frames
        assert (e.png(), e.describe(), e.values) == shown  # nothing on the page changed
        await asyncio.sleep(0.4)  # then the step back (10 is already there)
        n = len(e._frames)
        e.controls["day"].value = 12  # a cache hit
        assert len(e._frames) == n
        out = e.png(), e.describe()
        e.close()
        assert e._closed and not e._frames
        return out

    assert asyncio.run(scenario()) == fresh_frame(JourneyExplorer, day=12)


def test_prefetch_stops_when_the_explorer_is_closed_and_ignores_model_errors():
    async def scenario():
        e = JourneyExplorer(key="closed", day=10)
        e._prefetch_later([{"product": "no such product", "day": 3}], delay=0)
        await asyncio.sleep(0.05)  # a failing frame is skipped, not shown
        assert e.error is None and "Could not" not in e.status.value
        e.controls["day"].value = 11
        e.close()
        await asyncio.sleep(0.1)
        return len(e._frames)

    assert asyncio.run(scenario()) == 0


def test_frame_cache_size_comes_from_the_environment(monkeypatch):
    from explainer.widgets import base

    monkeypatch.setenv("CART_FRAME_CACHE", "5")
    assert base._frame_cache_size() == 5
    for bad in ("-1", "many", "2.5"):
        monkeypatch.setenv("CART_FRAME_CACHE", bad)
        with pytest.raises(ValueError, match="CART_FRAME_CACHE must be a whole number"):
            base._frame_cache_size()


def test_cache_off_draws_every_frame_and_never_prefetches(monkeypatch):
    from explainer.widgets.base import Explorer

    monkeypatch.setattr(Explorer, "FRAME_CACHE", 0)

    async def scenario():
        e = JourneyExplorer(key="off", day=10)
        e.controls["day"].value = 11
        await asyncio.sleep(0.05)
        out = len(e._frames), e._prefetch_handle, e.png()
        e.close()
        return out

    n, handle, png = asyncio.run(scenario())
    assert n == 0 and handle is None and png == fresh_frame(JourneyExplorer, day=11)[0]


def test_cache_keeps_at_most_frame_cache_frames(monkeypatch):
    from explainer.widgets.base import Explorer

    monkeypatch.setattr(Explorer, "FRAME_CACHE", 3)
    e = JourneyExplorer(key="lru")
    for day in range(20, 30):
        e.set(day=day)
    assert len(e._frames) == 3
    assert list(e._frames)[-1] == e._frame_key(e.values)
    e.close()
