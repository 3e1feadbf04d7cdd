#!/usr/bin/env python3
"""Kernel-side update time of every explorer: model + draw + encode for one control change.

For each Explorer subclass in ``explainer.widgets`` this walks ``explorer.bench_changes(n)``
(every control across its range), timing ``explorer.set(**change)``, which is exactly what a
widget callback does (validate, model, update artists, blit, encode PNG, text). Reports median
and p95 in ms for the notebook and the slide style, with the frame cache off (every change is
drawn; see docs/design.md on the cache), and writes JSON with the machine
description to benchmarks/results/kernel_update.json.

    python benchmarks/kernel_update.py [--changes 60] [--style notebook|slides|both]
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import json
import os
import pkgutil
import platform
import statistics
import sys
import time
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import explainer.widgets as W  # noqa: E402
from explainer.widgets import Explorer  # noqa: E402

OUT = Path(__file__).resolve().parent / "results"
#: Measure drawing, not the frame cache: every change is drawn (a cached frame costs < 0.1 ms).
Explorer.FRAME_CACHE = 0


def explorers() -> list[type]:
    found = []
    for mod in pkgutil.iter_modules(W.__path__):
        m = importlib.import_module(f"explainer.widgets.{mod.name}")
        for _, obj in inspect.getmembers(m, inspect.isclass):
            if issubclass(obj, Explorer) and obj is not Explorer and obj.__module__ == m.__name__:
                found.append(obj)
    return found


def percentile(xs, q):
    xs = sorted(xs)
    k = (len(xs) - 1) * q
    lo = int(k)
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


def machine() -> dict:
    return {"python": sys.version.split()[0], "platform": platform.platform(),
            "processor": platform.processor() or platform.machine(), "cpus": os.cpu_count(),
            "matplotlib": matplotlib.__version__}


def bench(cls, style: str, n: int) -> dict:
    e = cls(style=style, key=f"bench-{style}")
    changes = e.bench_changes(n)
    for ch in changes[:3]:  # warm-up (imports, caches of the first values)
        e.set(**ch)
    times = []
    for ch in changes:
        t0 = time.perf_counter()
        e.set(**ch)
        times.append((time.perf_counter() - t0) * 1000)
    e.close()
    return {"explorer": cls.__name__, "style": style, "n": len(times),
            "median_ms": statistics.median(times), "p95_ms": percentile(times, 0.95),
            "max_ms": max(times)}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--changes", type=int, default=60)
    ap.add_argument("--style", choices=["notebook", "slides", "both"], default="both")
    ap.add_argument("--only", help="run only explorers whose class name contains this")
    args = ap.parse_args(argv)
    styles = ["notebook", "slides"] if args.style == "both" else [args.style]
    rows = []
    print(f"{'explorer':28s} {'style':9s} {'n':>4s} {'median':>8s} {'p95':>8s} {'max':>8s}  "
          "target median <= 25 ms")
    for cls in explorers():
        if args.only and args.only not in cls.__name__:
            continue
        for style in styles:
            r = bench(cls, style, args.changes)
            rows.append(r)
            flag = "ok" if r["median_ms"] <= 25 else "MISS"
            print(f"{r['explorer']:28s} {style:9s} {r['n']:4d} {r['median_ms']:8.1f} "
                  f"{r['p95_ms']:8.1f} {r['max_ms']:8.1f}  {flag}")
    OUT.mkdir(exist_ok=True)
    path = OUT / "kernel_update.json"
    path.write_text(json.dumps({"when": time.strftime("%Y-%m-%d %H:%M:%S"),
                                "machine": machine(), "results": rows}, indent=1))
    print(f"wrote {path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
