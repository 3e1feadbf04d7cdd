#!/usr/bin/env python3
"""Build the static site: build/site/ with index.html, one page per notebook and every deck.

Usage: ``python -m tools.build_site [--out DIR]``

* ``NN_name.html``: the notebook as HTML (nbconvert's lab template) from the stored outputs.
  Like the decks (see ``tools/build_slides.py``) the pages need no network and no kernel:
  explorers and quizzes are rendered statically from the saved widget state (figures are
  ``data:image/png`` images with the explorer's description as alt text), math is typeset at
  build time, and nbconvert's CDN scripts (require.js, MathJax, Mermaid, the widget manager)
  are left out.
* ``slides/NN_name.slides.html``: the offline reveal.js decks, built from the copies that
  ``make slides`` re-executed in the slide style (``build/slides-src``), so their figures are
  the large projector ones (``make site`` runs ``make slides`` first).
* ``index.html``: links every page and every deck.
"""

from __future__ import annotations

import argparse
import html
import re
import sys
from pathlib import Path

import jinja2
import nbformat
from nbconvert.exporters import HTMLExporter

from tools.build_slides import (
    ASSETS,
    ImageAltPreprocessor,
    LinkPreprocessor,
    MathPreprocessor,
    StaticWidgetPreprocessor,
    build_deck,
    notebooks,
)

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "build" / "site"

PAGE_TEMPLATE = r"""{%- extends 'index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{% block jupyter_widgets %}{% endblock jupyter_widgets %}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block html_head_css -%}
<style type="text/css">{{ resources.cart.site_css }}</style>
{%- endblock html_head_css -%}
{%- block body_header -%}
{{ super() }}
<nav class="cart-nav" aria-label="Site">
<a href="index.html">All notebooks</a>
<a href="slides/{{ resources.metadata.name }}.slides.html">Slides for this notebook</a>
<span>Static copy: figures show the stored state; run the notebook in JupyterLab, on Binder
or in the app view to move the controls.</span>
</nav>
{%- endblock body_header -%}
"""


def page_exporter() -> HTMLExporter:
    ex = HTMLExporter(
        extra_loaders=[jinja2.DictLoader({"cart_page.html.j2": PAGE_TEMPLATE})],
        template_file="cart_page.html.j2",
        exclude_input_prompt=True, exclude_output_prompt=True,
    )
    for pp in (StaticWidgetPreprocessor(), ImageAltPreprocessor(), MathPreprocessor(),
               LinkPreprocessor()):
        ex.register_preprocessor(pp, enabled=True)
    return ex


def notebook_title(nb) -> tuple[str, str]:
    """(H1 text, first sentence of the summary) from the notebook's first Markdown cell."""
    first = next(c for c in nb.cells if c.cell_type == "markdown")
    m = re.search(r"^#\s+(.+)$", first.source, re.M)
    title = m.group(1).strip() if m else "Notebook"
    s = re.search(r"\*\*(.+?)\*\*", first.source)
    return title, (s.group(1).strip() if s else "")


def build_page(nb_path: Path, out_dir: Path) -> tuple[Path, dict]:
    nb = nbformat.read(nb_path, as_version=4)
    res = {"metadata": {"name": nb_path.stem, "path": str(nb_path.parent)},
           "cart": {"site_css": (ASSETS / "site.css").read_text(encoding="utf-8")}}
    body, res = page_exporter().from_notebook_node(nb, resources=res)
    if res["static_widgets"]["unknown"]:
        raise RuntimeError(f"{nb_path.name}: widgets with no static rendering: "
                           f"{res['static_widgets']['unknown']}")
    out = out_dir / f"{nb_path.stem}.html"
    out.write_text(body, encoding="utf-8")
    return out, res["static_widgets"]


INDEX = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>CAR-T Explained: static pages and slides</title>
<style>
body {{ font-family: "Source Sans Pro", "DejaVu Sans", Helvetica, Arial, sans-serif;
       font-size: 18px; line-height: 1.45; max-width: 1000px; margin: 0 auto; padding: 16px;
       color: #111; }}
a {{ color: #005A8C; text-decoration: underline; }}
table {{ border-collapse: collapse; width: 100%; }}
th, td {{ padding: 8px 10px; border-bottom: 1px solid #ddd; text-align: left;
          vertical-align: top; }}
</style>
</head>
<body>
<main class="cart-index">
<h1>CAR-T Explained</h1>
<p>An interactive notebook collection that teaches how CAR-T cell therapy works. These static
pages and offline slide decks show every figure as it was stored; to move the controls, open a
notebook in JupyterLab, on Binder or in the app view.</p>
<p><em>Educational material, not medical advice.</em></p>
<table>
<thead><tr><th scope="col">Notebook</th><th scope="col">What it is about</th>
<th scope="col">Read</th><th scope="col">Present</th></tr></thead>
<tbody>
{rows}
</tbody>
</table>
<h2>Presenting the decks</h2>
<p>Each deck is one HTML file that works offline. The right arrow key or Space walks every slide
in order (a slide too long for the screen continues on the next one), <kbd>S</kbd> opens the
speaker notes, <kbd>Esc</kbd> shows an overview and <kbd>F</kbd> goes full screen. An answer
key to the quizzes is in the educator guide
(<code>docs/educators.md</code> in the repository).</p>
</main>
</body>
</html>
"""


#: Copies of the notebooks re-executed in the slide style by ``make slides``: the site's decks are
#: built from them (large projector figures), the pages from the stored notebooks.
SLIDES_SRC = ROOT / "build" / "slides-src"


def build_site(out_dir: Path = OUT, slides_src: Path | None = SLIDES_SRC) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    rows = []
    for nb_path in notebooks():
        page, _stats = build_page(nb_path, out_dir)
        deck_src = slides_src / nb_path.name if slides_src else None
        if deck_src is None or not deck_src.is_file():
            print(f"note: {nb_path.name}: no slide-style copy in {slides_src} (run make slides); "
                  "its deck uses the notebook-style figures", file=sys.stderr)
            deck_src = nb_path
        deck = build_deck(deck_src, out_dir / "slides")
        title, summary = notebook_title(nbformat.read(nb_path, as_version=4))
        stem = nb_path.stem
        rows.append(
            f"<tr><td>{html.escape(stem[:2])} {html.escape(title)}</td>"
            f"<td>{html.escape(summary)}</td>"
            f"<td><a href='{page.name}'>Page<span class='visually-hidden'> for "
            f"{html.escape(stem)}</span></a></td>"
            f"<td><a href='slides/{deck.name}'>Slides<span class='visually-hidden'> for "
            f"{html.escape(stem)}</span></a></td></tr>")
    index = out_dir / "index.html"
    index.write_text(INDEX.format(rows="\n".join(rows)).replace(
        "</style>", ".visually-hidden { position: absolute; left: -9999px; }\n</style>"),
        encoding="utf-8")
    return index


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--slides-src", type=Path, default=SLIDES_SRC,
                    help="notebooks executed with CART_STYLE=slides (make slides) for the decks")
    args = ap.parse_args(argv)
    index = build_site(args.out, args.slides_src)
    for p in sorted(args.out.rglob("*.html")):
        print(f"built {p} ({p.stat().st_size // 1024} KB)")
    print(f"open {index}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
