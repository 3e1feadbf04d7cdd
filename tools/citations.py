"""Readable citations: turn ``[@a; @b]`` into links to the reference list, refresh link texts.

    .venv/bin/python -m tools.citations                 # every notebooks/NN_*.md and README.md
    .venv/bin/python -m tools.citations FILE.md ...     # only these files
    .venv/bin/python -m tools.citations --check         # exit 1 if a file would change

In the text a citation is a normal Markdown link, so JupyterLab, Voila, nbconvert pages and the
reveal.js decks all show it: ``([Maude et al. 2018](#ref-maude2018); [Abramson et al. 2020]
(#ref-abramson2020))``. The text is ``facts.Source.short()``; the target is the anchor that
``facts.references(...)`` puts on each entry. Run this after adding sources that change a short
form ("FDA 2024" becoming "FDA 2024a"), then ``jupytext --sync`` and re-execute the notebooks.
Code cells (```` ``` ```` fences) are left alone.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from explainer import facts

ROOT = Path(__file__).resolve().parents[1]

FENCE_RE = re.compile(r"^(```|~~~)")


def convert(text: str) -> str:
    """``text`` with every ``[@key]`` group as linked short forms and every link text current.
    Unknown keys raise KeyError (naming close matches)."""
    out, in_code = [], False
    for line in text.splitlines(keepends=True):
        if FENCE_RE.match(line.lstrip()):
            in_code = not in_code
            out.append(line)
            continue
        if in_code:
            out.append(line)
            continue
        line = facts.CITATION_RE.sub(
            lambda m: facts.cite(*[k.strip().lstrip("@") for k in m.group(1).split(";")],
                                 link=True), line)
        line = facts.LINK_RE.sub(lambda m: facts.cite_link(m.group(2)), line)
        out.append(line)
    return "".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--check", action="store_true", help="only report files that would change")
    args = ap.parse_args(argv)
    files = args.files or [*sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.md")),
                           ROOT / "README.md"]
    changed = []
    for path in files:
        old = path.read_text(encoding="utf-8")
        new = convert(old)
        if new != old:
            changed.append(path)
            if not args.check:
                path.write_text(new, encoding="utf-8")
    for path in changed:
        print(("would change " if args.check else "converted ") + str(path))
    return 1 if (args.check and changed) else 0


if __name__ == "__main__":
    raise SystemExit(main())
