"""The whole run of a scene or simulation is drawn ahead in idle time (kernel only), so Play
sends kept bytes: explainer/widgets/animated.py (``_follow_run``, ``run_ahead``)."""

import asyncio

from explainer.widgets.microscope import MicroscopeExplorer
from explainer.widgets.scenes_engineering import TcrCarScene


class _QuickTcr(TcrCarScene):
    run_prefetch_delay = 0.0
    run_prefetch_pause = 0.0


async def _idle(e, timeout=30.0):
    """Let the loop run until the whole-run prefetch has finished."""
    loop = asyncio.get_running_loop()
    t0 = loop.time()
    while e.run_prefetcher.pending or e.prefetcher.pending:
        assert loop.time() - t0 < timeout, "prefetch did not finish"
        await asyncio.sleep(0.005)


def _count_compute(e):
    calls = []
    real = e.compute

    def compute(**values):
        calls.append(values[e.frame_control])
        return real(**values)
    e.compute = compute
    return calls


def test_without_an_event_loop_nothing_is_drawn_ahead():
    e = _QuickTcr(key="no-loop")
    try:
        assert not e.run_prefetcher.pending
        assert len(e.frame_cache) <= 2  # the frame shown (+ nothing drawn ahead)
        assert len(e.run_ahead()) == e.n_frames - 1
    finally:
        e.close()


def test_every_frame_is_kept_after_idle_time_and_play_draws_nothing():
    async def main():
        e = _QuickTcr(key="idle")
        try:
            await _idle(e)
            assert e.run_ahead() == []
            assert len(e.frame_cache) >= e.n_frames
            calls = _count_compute(e)
            for k in range(e.n_frames):  # what Play does, from the kernel's side
                e.controls["step"].value = k
                await asyncio.sleep(0)
            await _idle(e)
            assert calls == [], f"frames drawn again while playing: {calls}"
            assert f"frame {e.n_frames} of {e.n_frames}" in e.describe()
        finally:
            e.close()
    asyncio.run(main())


def test_another_setting_draws_its_own_run_and_the_queue_follows_the_frame_shown():
    async def main():
        e = _QuickTcr(key="settings")
        try:
            await _idle(e)
            calls = _count_compute(e)
            e.controls["hide_mhc"].value = not e.controls["hide_mhc"].value
            # the new setting's run is queued from the frame after the one shown
            queued = [v["step"] for v in e.run_prefetcher.queue]
            assert queued[0] == 1 and len(queued) == e.n_frames - 1, queued
            e.controls["step"].value = 20  # the user jumps ahead while the run is drawn
            await asyncio.sleep(0)
            assert [v["step"] for v in e.run_prefetcher.queue][:1] == [21]
            await _idle(e)
            assert sorted(set(calls)) == list(range(e.n_frames))
            assert len(calls) == e.n_frames, "a frame was drawn twice"
            assert e.run_ahead() == []
        finally:
            e.close()
    asyncio.run(main())


def test_close_stops_the_run_prefetch():
    async def main():
        e = _QuickTcr(key="close")
        assert e.run_prefetcher.pending
        e.close()
        assert not e.run_prefetcher.pending and e.run_prefetcher.queue == []
    asyncio.run(main())


def test_the_other_style_is_drawn_ahead_too():
    async def main():
        e = _QuickTcr(key="style")
        try:
            await _idle(e)
            e.use_style("slides")
            assert e.run_prefetcher.pending
            await _idle(e)
            assert e.run_ahead() == []
        finally:
            e.close()
    asyncio.run(main())


def test_no_cache_no_prefetch():
    """CART_FRAME_CACHE=0 (frame_cache_size 0): nothing kept, nothing drawn ahead."""
    class NoCache(_QuickTcr):
        frame_cache_size = 0

    async def main():
        e = NoCache(key="nocache")
        try:
            assert e.frame_cache.maxsize == 0 and not e.run_prefetcher.pending
            e.controls["hide_mhc"].value = not e.controls["hide_mhc"].value
            e.controls["step"].value = 3
            await asyncio.sleep(0.01)
            assert not e.run_prefetcher.pending and len(e.frame_cache) == 0
            assert "frame 4 of" in e.describe()
        finally:
            e.close()
    asyncio.run(main())


def test_microscope_run_is_drawn_ahead_within_its_cache():
    class Quick(MicroscopeExplorer):
        run_prefetch_delay = 0.0
        run_prefetch_pause = 0.0

    async def main():
        e = Quick(key="mic")
        try:
            window = e.run_prefetch_frames
            assert e.frame_cache.maxsize >= e.n_frames > window
            await _idle(e, timeout=120)
            assert e.run_ahead() == []
            kept = {k[0] for k in e.frame_cache.keys()}  # step is the first control
            assert set(range(0, window + 1)) <= kept and max(kept) <= window + 1, sorted(kept)
            e.controls["step"].value = 100  # the window moves with the frame shown
            await asyncio.sleep(0)
            await _idle(e, timeout=120)
            kept = {k[0] for k in e.frame_cache.keys()}
            assert set(range(100, 101 + window)) <= kept and max(kept) == 100 + window
        finally:
            e.close()
    asyncio.run(main())


def test_the_explorer_in_use_first_the_others_draw_ahead_when_it_is_left():
    class Paced(TcrCarScene):
        run_prefetch_delay = 0.0
        run_prefetch_pause = 0.01

    class Other(Paced):
        pass

    async def main():
        a, b = Paced(key="page-a"), Other(key="page-b")
        try:
            drawn = []
            for e, name in ((a, "a"), (b, "b")):
                real = e.compute

                def compute(real=real, name=name, **values):
                    drawn.append((name, asyncio.get_running_loop().time()))
                    return real(**values)
                e.compute = compute
            # the user plays a: b draws nothing ahead meanwhile
            loop = asyncio.get_running_loop()
            t_end = loop.time() + 0.4
            k = 0
            while loop.time() < t_end:
                k = (k + 1) % a.n_frames
                a.controls["step"].value = k
                await asyncio.sleep(0.03)
            assert drawn and all(name == "a" for name, _ in drawn), drawn
            await _idle(a)
            await _idle(b)
            assert a.run_ahead() == [] and b.run_ahead() == []
            assert any(name == "b" for name, _ in drawn)  # b's turn came once a was left
        finally:
            a.close()
            b.close()
    asyncio.run(main())
