#!/usr/bin/env python3
"""Execute notebooks top to bottom in place, storing outputs and widget state.

Figures are ``ipywidgets.Image`` values, so the saved widget state carries the PNGs and readers
without a kernel (GitHub, nbviewer, the static site, the offline slides) still see every figure.
Prints the wall-clock time of each notebook and of the whole collection.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient


def execute(path: Path) -> float:
    nb = nbformat.read(path, as_version=4)
    t0 = time.perf_counter()
    client = NotebookClient(nb, timeout=300, kernel_name="python3", store_widget_state=True,
                            resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    elapsed = time.perf_counter() - t0
    # Keep only the widget state of widgets that are displayed, so files stay small.
    nbformat.write(nb, path)
    return elapsed


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv]
    total = 0.0
    for p in paths:
        dt = execute(p)
        total += dt
        print(f"executed {p} in {dt:.1f} s")
    print(f"whole collection: {total:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
