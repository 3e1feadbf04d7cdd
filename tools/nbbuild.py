#!/usr/bin/env python3
"""Build notebooks/NN_name.ipynb from the plain-text sources in notebooks/src/NN_name.txt.

Source format: cells separated by header lines

    %% markdown slide
    %% code fragment
    %% markdown notes

``%% <markdown|code> [slide|subslide|fragment|skip|notes|-]`` (default "-", continue the slide).
Optional ``tags=a,b`` adds cell tags. Everything up to the next header is the cell's text.

Only sources change the notebooks: edit notebooks/src/*.txt, then ``make execute``.
The build keeps stored outputs of a code cell when its source did not change, so a rebuild
without execution does not throw away figures. tests/test_notebooks.py checks they are in sync.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "notebooks" / "src"
OUT = ROOT / "notebooks"
HEADER = re.compile(r"^%%\s+(markdown|code)(?:\s+(slide|subslide|fragment|skip|notes|-))?"
                    r"(?:\s+tags=([\w,-]+))?\s*$")

METADATA = {
    "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python",
                   "name": "python3"},
    "language_info": {"name": "python"},
    "rise": {"scroll": True, "transition": "none", "theme": "simple", "controls": True,
             "progress": True, "slideNumber": True, "enable_chalkboard": False},
}


def parse(text: str) -> list[dict]:
    cells: list[dict] = []
    current = None
    for line in text.splitlines():
        m = HEADER.match(line)
        if m:
            current = {"type": m.group(1), "slide": m.group(2) or "-",
                       "tags": [t for t in (m.group(3) or "").split(",") if t], "lines": []}
            cells.append(current)
        elif current is None:
            if line.strip():
                raise ValueError(f"text before the first '%% markdown|code' header: {line!r}")
        else:
            current["lines"].append(line)
    for c in cells:
        while c["lines"] and not c["lines"][-1].strip():
            c["lines"].pop()
        while c["lines"] and not c["lines"][0].strip():
            c["lines"].pop(0)
    return cells


def to_source(lines: list[str]) -> list[str]:
    return [ln + "\n" for ln in lines[:-1]] + ([lines[-1]] if lines else [])


def build(src: Path) -> Path:
    out = OUT / (src.stem + ".ipynb")
    old_outputs: dict[str, dict] = {}
    old_meta = {}
    if out.exists():
        old = json.loads(out.read_text(encoding="utf-8"))
        old_meta = old.get("metadata", {})
        for c in old["cells"]:
            if c["cell_type"] == "code":
                old_outputs.setdefault("".join(c["source"]), c)
    cells = []
    for i, c in enumerate(parse(src.read_text(encoding="utf-8"))):
        meta = {"slideshow": {"slide_type": c["slide"]}}
        if c["tags"]:
            meta["tags"] = c["tags"]
        source = to_source(c["lines"])
        cell = {"cell_type": c["type"], "id": f"{src.stem[:2]}-{i:03d}", "metadata": meta,
                "source": source}
        if c["type"] == "code":
            prev = old_outputs.get("".join(source))
            cell["execution_count"] = prev.get("execution_count") if prev else None
            cell["outputs"] = prev.get("outputs", []) if prev else []
        cells.append(cell)
    metadata = dict(METADATA)
    if "widgets" in old_meta:
        metadata["widgets"] = old_meta["widgets"]
    nb = {"cells": cells, "metadata": metadata, "nbformat": 4, "nbformat_minor": 5}
    out.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return out


def main(argv: list[str]) -> int:
    srcs = [Path(a) for a in argv] or sorted(SRC.glob("[0-9][0-9]_*.txt"))
    for s in srcs:
        print(f"built {build(s).relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
