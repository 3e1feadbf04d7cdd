"""Kernel-side update time of every explorer: model + draw + encode for one control change.

One benchmark per explorer and style. Each round applies the next of ``user_changes(explorer)``
with ``explorer.set(**change)``, which is what a widget callback does (validate, model, update
artists, blit, encode, text), with the frame cache off (``CART_FRAME_CACHE=0``: every change is
drawn; a kept frame costs < 0.1 ms). Target (../shared/DESIGN.md): median <= 25 ms.

    make bench      # = python -m pytest benchmarks/test_kernel_update.py \\
                    #     --benchmark-json=benchmarks/results/kernel_update.json
    python -m pytest benchmarks/test_kernel_update.py -k Journey --benchmark-compare

Not collected by ``pytest tests`` (testpaths is tests/).
"""

from __future__ import annotations

import itertools
import os

os.environ["CART_FRAME_CACHE"] = "0"  # before explainer is imported: measure drawing

import matplotlib  # noqa: E402

matplotlib.use("Agg")

import pytest  # noqa: E402

from benchmarks.explorers import explorers, user_changes  # noqa: E402

CHANGES = 60
TARGET_MEDIAN_S = 0.025
EXPLORERS = explorers()


@pytest.mark.parametrize("style", ["notebook", "slides"])
@pytest.mark.parametrize("cls", EXPLORERS, ids=[c.__name__ for c in EXPLORERS])
def test_update(benchmark, cls, style):
    e = cls(style=style, key=f"bench-{style}")
    try:
        changes = user_changes(e, CHANGES)
        assert len(changes) == CHANGES, "every explorer has controls to walk"
        walk = itertools.cycle(changes)
        benchmark.group = style
        benchmark.extra_info["changes"] = CHANGES
        benchmark.pedantic(lambda change: e.set(**change),
                           setup=lambda: ((next(walk),), {}),
                           rounds=CHANGES, warmup_rounds=3, iterations=1)
        assert e.error is None
        median = benchmark.stats.stats.median
        assert median <= TARGET_MEDIAN_S, (
            f"{cls.__name__} ({style}): median {median * 1000:.1f} ms > 25 ms")
    finally:
        e.close()


def test_changes_come_from_the_controls():
    """The walk changes one control at a time, over every control, with allowed values."""
    from explainer.widgets.journey import JourneyExplorer

    e = JourneyExplorer(key="bench-walk")
    try:
        changes = user_changes(e, 20)
        assert all(len(c) == 1 for c in changes)
        assert {name for c in changes for name in c} == set(e.controls)
        for c in changes:
            e.set(**c)  # raises on a value the control does not allow
        days = [c["day"] for c in changes if "day" in c]
        assert days == sorted(days) and days[0] == e.controls["day"].min
    finally:
        e.close()
