"""Kernel-side timing of the microscope (issue 15): one model step at 2,000 agents, and
draw + JPEG encode of every frame of a default run, in both styles.

    .venv/bin/python benchmarks/microscope.py

Prints median / p95 and writes ``benchmarks/results/microscope_kernel.json``.
"""

from __future__ import annotations

import json
import platform
import time
from pathlib import Path

import numpy as np

from explainer.diagrams.microscope import MicroscopeDiagram
from explainer.models.microscope import DEFAULT_STEPS, FieldView, simulate_field

OUT = Path(__file__).parent / "results" / "microscope_kernel.json"
CASES = {  # 2,000 agents at the start
    "1:1, no antigen-negative": dict(car_t_cells=1000, tumour_cells=1000,
                                     antigen_negative_fraction=0.0),
    "1:4, 5% antigen-negative, exhaustion 0.5": dict(car_t_cells=400, tumour_cells=1600,
                                                      antigen_negative_fraction=0.05,
                                                      exhaustion=0.5),
}


def stats(ms) -> dict:
    ms = np.asarray(ms, dtype=float)
    return {"median_ms": round(float(np.median(ms)), 3),
            "p95_ms": round(float(np.percentile(ms, 95)), 3), "n": int(ms.size)}


def time_step(params, repeats=5) -> dict:
    """Per-step model time: a full default run divided by its steps (best of ``repeats``
    per seed, several seeds), plus the one-step-run cost minus the setup."""
    per_step = []
    for seed in range(repeats):
        t = time.perf_counter()
        simulate_field(seed=seed, **params)
        per_step.append((time.perf_counter() - t) * 1e3 / DEFAULT_STEPS)
    return stats(per_step)


def time_frames(result, style) -> dict:
    d = MicroscopeDiagram(style=style)
    d.apply(FieldView(result, 0))
    d.render()  # the first frame of a run draws its background
    ms = []
    for step in range(result.steps + 1):
        t = time.perf_counter()
        d.apply(FieldView(result, step))
        d.render()
        ms.append((time.perf_counter() - t) * 1e3)
    return stats(ms)


def main() -> None:
    report = {"machine": platform.platform(), "python": platform.python_version(),
              "steps": DEFAULT_STEPS, "cases": {}}
    for name, params in CASES.items():
        res = simulate_field(seed=0, **params)
        t = time.perf_counter()
        simulate_field(seed=0, **params)
        run_ms = (time.perf_counter() - t) * 1e3
        entry = {"params": params, "agents_at_start": params["car_t_cells"]
                 + params["tumour_cells"], "agents_max": int((res.counts.sum(axis=1)).max()),
                 "model_step": time_step(params), "full_run_ms": round(run_ms, 1)}
        for style in ("notebook", "slides"):
            entry[f"frame_{style}"] = time_frames(res, style)
        report["cases"][name] = entry
        print(f"{name}: model step median {entry['model_step']['median_ms']:.2f} ms "
              f"(full run {run_ms:.0f} ms); frame (apply+render+JPEG) notebook median "
              f"{entry['frame_notebook']['median_ms']:.1f} ms p95 "
              f"{entry['frame_notebook']['p95_ms']:.1f} ms, slides median "
              f"{entry['frame_slides']['median_ms']:.1f} ms p95 "
              f"{entry['frame_slides']['p95_ms']:.1f} ms")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(report, indent=2) + "\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
