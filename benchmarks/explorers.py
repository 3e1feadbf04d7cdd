"""What the benchmarks walk: every slider explorer and changes a user might make to it."""

from __future__ import annotations

import importlib
import inspect
import os
import pkgutil
import platform
import sys

import ipywidgets as widgets
import numpy as np

SLIDERS = (widgets.FloatSlider, widgets.IntSlider, widgets.FloatLogSlider)


def explorers() -> list[type]:
    """Every Explorer subclass in ``explainer.widgets`` except scenes and simulations (they
    play; benchmarks/microscope.py times those)."""
    import explainer.widgets as W
    from explainer.widgets import Explorer
    from explainer.widgets.animated import AnimatedExplorer

    found = []
    for mod in pkgutil.iter_modules(W.__path__):
        m = importlib.import_module(f"explainer.widgets.{mod.name}")
        for _, obj in inspect.getmembers(m, inspect.isclass):
            if (issubclass(obj, Explorer) and obj is not Explorer
                    and not issubclass(obj, AnimatedExplorer) and obj.__module__ == m.__name__):
                found.append(obj)
    return found


def _options(w) -> list:
    return [opt[1] if isinstance(opt, tuple) else opt for opt in w.options]


def user_changes(explorer, n: int = 50) -> list[dict]:
    """``n`` single-control changes a user might make, derived from the explorer's controls.

    Each slider walks across its range, dropdowns cycle, checkboxes toggle, round-robin over the
    controls. The CARTmath explorer gets its own walk (an experiment switch sets the dose-day
    range, so doses and days are drawn from what both experiments allow).
    """
    if type(explorer).__name__ == "CARTmathExplorer":
        return cartmath_changes(n)
    per_control = {}
    for name, w in explorer.controls.items():
        if isinstance(w, SLIDERS):
            vals = np.linspace(w.min, w.max, max(n, 2))
            if isinstance(w, widgets.IntSlider):
                vals = np.unique(np.round(vals).astype(int))
            elif isinstance(w, widgets.FloatLogSlider):
                vals = w.base ** vals
            per_control[name] = [v.item() for v in vals]
        elif isinstance(w, (widgets.Checkbox, widgets.ToggleButton)):
            per_control[name] = [not w.value, w.value]
        elif hasattr(w, "options") and not isinstance(w, widgets.SelectMultiple):
            per_control[name] = _options(w)
    out: list[dict] = []
    names = list(per_control)
    i = 0
    while len(out) < n and names:
        name = names[i % len(names)]
        vals = per_control[name]
        out.append({name: vals[(i // len(names)) % len(vals)]})
        i += 1
    return out


def cartmath_changes(n: int = 50) -> list[dict]:
    """Doses, dose days (0-13: valid in both experiments) and now and then a switch."""
    out = []
    doses = [10 ** (5 + 0.25 * i) for i in range(13)]
    for i in range(n):
        if i % 10 == 9:
            out.append({"preset": "RAJI" if (i // 10) % 2 == 0 else "HDLM-2"})
        elif i % 2:
            out.append({"dose_cells": doses[(i * 7) % len(doses)]})
        else:
            out.append({"dose_day": (i * 3) % 14})
    return out


def percentile(xs, q: float) -> float:
    xs = sorted(xs)
    k = (len(xs) - 1) * q
    lo = int(k)
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


def machine() -> dict:
    import matplotlib

    return {"python": sys.version.split()[0], "platform": platform.platform(),
            "processor": platform.processor() or platform.machine(), "cpus": os.cpu_count(),
            "matplotlib": matplotlib.__version__}
