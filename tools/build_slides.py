#!/usr/bin/env python3
"""Build offline reveal.js slide decks: build/slides/NN_name.slides.html for every notebook.

Usage: ``python tools/build_slides.py [--out DIR] [notebooks/NN_name.ipynb ...]``

The decks come from the stored outputs (``make execute``); no kernel runs. Each deck is ONE
self-contained HTML file that opens offline from disk:

* reveal.js 4 (JS, CSS, the white theme and the speaker-notes plugin, MIT) is inlined from the
  copy vendored in ``assets/vendor/reveal.js/`` instead of nbconvert's unpkg/require.js links;
* widgets are shown by the static fallback each one stores beside its view (no widget
  JavaScript, which nbconvert would fetch from a CDN): an explorer's figure as an ``<img>`` with
  its live description as alt text, the side panel and its settings; a scene's animated GIF with
  every step's caption; a quiz's question, options and folded feedback;
* LaTeX math in Markdown is typeset at build time with matplotlib's mathtext into inline SVG
  images (alt text = the TeX), so no MathJax CDN is needed;
* code cells are hidden (``exclude_input``), speaker notes go into ``<aside class="notes">``
  (press S in the deck), long slides scroll (``reveal_scroll``) and the slide CSS
  (``assets/slides.css``) uses large fonts for projectors.

``tools/build_site.py`` reuses the static widget and math preprocessors for the HTML pages.
"""

from __future__ import annotations

import argparse
import base64
import html
import io
import re
import sys
from pathlib import Path

import jinja2
import nbformat
from nbconvert.exporters import SlidesExporter
from nbconvert.preprocessors import Preprocessor

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK_DIR = ROOT / "notebooks"
ASSETS = ROOT / "assets"
VENDOR = ASSETS / "vendor" / "reveal.js"
OUT = ROOT / "build" / "slides"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
#: Where the live, interactive versions are (said wherever a static copy shows a control).
LIVE_NOTE = ("Static copy: move the controls in JupyterLab, on Binder or in the app view "
             "(<code>make app</code>).")


def notebooks() -> list[Path]:
    return sorted(NOTEBOOK_DIR.glob("[0-9][0-9]_*.ipynb"))


# -- static widgets -------------------------------------------------------------------------------
class StaticWidgetPreprocessor(Preprocessor):
    """Show every widget output by its stored static fallback (no widget JavaScript, no CDN).

    Every explorer, scene and quiz stores beside its widget view a ``text/html`` fallback (its
    figure with the text alternative, the panel and the settings; see
    ``Explorer._repr_mimebundle_``), the way ipympl figures fall back to an image. This keeps
    that and drops the widget view and ``metadata.widgets`` (so nbconvert adds no CDN loader).
    ``resources['static_widgets']`` gets ``{"views": n, "images": n, "unknown": [...]}``;
    ``unknown`` lists widget outputs that have no fallback (a test fails on them).
    """

    def preprocess(self, nb, resources):
        views, images, unknown = 0, 0, []
        for cell in nb.cells:
            if cell.cell_type != "code":
                continue
            for out in cell.get("outputs", []):
                data = out.get("data", {})
                if WIDGET_VIEW not in data:
                    continue
                views += 1
                fallback = "".join(data.get("text/html", ""))
                alt = "".join(data.get("text/plain", ""))
                if not fallback:
                    unknown.append(alt or "a widget without a static fallback")
                    fallback = f"<p class='widget-static-unknown'>[{html.escape(alt)}]</p>"
                images += fallback.count("<img")
                out["data"] = {"text/html": f"<div class='widget-static-root'>{fallback}</div>",
                               "text/plain": alt}
        nb.metadata.pop("widgets", None)
        resources["static_widgets"] = {"views": views, "images": images, "unknown": unknown}
        return nb, resources


class ImageAltPreprocessor(Preprocessor):
    """Give stored PNG outputs an alt text (nbconvert writes none): the image's own alt
    metadata, else a meaningful text/plain, else "Figure: <the nearest heading above>"."""

    def preprocess(self, nb, resources):
        heading = nb.metadata.get("title", "")
        for cell in nb.cells:
            if cell.cell_type == "markdown":
                hs = re.findall(r"^#+\s+(.+)$", cell.source, re.M)
                heading = hs[-1].strip() if hs else heading
                continue
            for out in cell.get("outputs", []):
                data = out.get("data", {})
                if "image/png" not in data or "text/html" in data:
                    continue
                meta = out.get("metadata", {}).get("image/png", {})
                plain = "".join(data.get("text/plain", ""))
                alt = meta.get("alt") or (plain if plain and not plain.startswith("<") else
                                          f"Figure: {heading}")
                png = "".join(data["image/png"]).replace("\n", "")
                alt_attr = html.escape(alt, quote=True)
                out["data"] = {"text/html": f"<img class='stored-figure' src='data:image/png;"
                                            f"base64,{png}' alt=\"{alt_attr}\">",
                               "text/plain": alt}
        return nb, resources


# -- math ---------------------------------------------------------------------------------------
_DISPLAY_MATH = re.compile(r"\$\$(.+?)\$\$", re.S)
# Pandoc's rule: an opening $ has a non-space right after it, a closing $ a non-space right
# before it and no digit right after it; so "$475,000 ... and $373,000" is not math.
_INLINE_MATH = re.compile(r"(?<![\\$\w])\$(?=\S)([^$\n]+?)(?<=\S)\$(?![\d$])")


def math_img(tex: str, *, display: bool) -> str:
    """TeX (mathtext subset) -> an inline SVG <img> sized in em, alt text = the TeX."""
    from matplotlib import mathtext

    buf = io.BytesIO()
    tex = " ".join(tex.split())
    mathtext.math_to_image(f"${tex}$", buf, dpi=72, format="svg")
    svg = buf.getvalue().decode("utf-8")
    svg = re.sub(r"<metadata>.*?</metadata>", "", svg, flags=re.S)
    m = re.search(r'<svg[^>]*width="([\d.]+)pt"[^>]*height="([\d.]+)pt"', svg)
    w, h = (float(m.group(1)), float(m.group(2))) if m else (0, 10)
    size = 10.0  # matplotlib's default font size (pt) that mathtext used
    data = base64.b64encode(svg.encode()).decode()
    cls = "math-display" if display else "math-inline"
    style = f"height:{h / size:.2f}em;width:{w / size:.2f}em"
    if not display:
        style += ";vertical-align:middle"
    return (f"<img class='{cls}' src='data:image/svg+xml;base64,{data}' "
            f"alt=\"{html.escape(tex, quote=True)}\" style='{style}'>")


class MathPreprocessor(Preprocessor):
    """Typeset $...$ and $$...$$ in Markdown cells as SVG images (no MathJax, no CDN)."""

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type == "markdown" and "$" in cell.source:
            src = _DISPLAY_MATH.sub(
                lambda m: f"\n<p class='math-block'>{math_img(m.group(1), display=True)}</p>\n",
                cell.source)
            src = _INLINE_MATH.sub(lambda m: math_img(m.group(1), display=False), src)
            cell.source = src
        return cell, resources


class LinkPreprocessor(Preprocessor):
    """Point Markdown links to sibling notebooks at the matching built page (suffix)."""

    suffix = ".html"

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type == "markdown":
            cell.source = re.sub(r"\]\((\d\d_[\w-]+)\.ipynb\)",
                                 lambda m: f"]({m.group(1)}{self.suffix})", cell.source)
        return cell, resources


# -- templates ----------------------------------------------------------------------------------
def vendored(name: str) -> str:
    text = (VENDOR / name).read_text(encoding="utf-8")
    text = re.sub(r"^\s*//# sourceMappingURL=.*$", "", text, flags=re.M)
    text = re.sub(r"^@import url\([^)]*\);\s*$", "", text, flags=re.M)  # theme web fonts
    return text.replace("</script", "<\\/script")


SLIDES_TEMPLATE = r"""{%- extends 'index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{% block jupyter_widgets %}{% endblock jupyter_widgets %}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{% block notebook_css %}
<style type="text/css">{{ resources.cart.reveal_css }}</style>
{{ super() }}
{% endblock notebook_css %}
{%- block html_head_css -%}
<style type="text/css">{{ resources.cart.theme_css }}</style>
<style type="text/css">{{ resources.cart.slides_css }}</style>
{%- endblock html_head_css -%}
{% block footer_js %}
<script>{{ resources.cart.reveal_js }}</script>
<script>{{ resources.cart.notes_js }}</script>
<script>
(function () {
  var scroll = {{ resources.reveal.scroll | json_dumps }};
  Reveal.initialize({
    controls: true, progress: true, history: true, hash: true, center: false,
    transition: "{{ resources.reveal.transition }}",
    slideNumber: "{{ resources.reveal.number }}",
    width: {{ resources.reveal.width }}, height: {{ resources.reveal.height }},
    margin: 0.03, plugins: [RevealNotes]
  });
  function fitScroll() {
    if (!scroll) { return; }
    var h = document.querySelector('.reveal').clientHeight * 0.95;
    document.querySelectorAll('.reveal .slides section > section').forEach(function (s) {
      if (s.scrollHeight > h) { s.classList.add('cart-scroll'); }
    });
  }
  Reveal.on('ready', fitScroll);
  Reveal.on('slidechanged', fitScroll);
})();
</script>
{% endblock footer_js %}
"""

SLIDES_THEME = "white"
SLIDES_WIDTH, SLIDES_HEIGHT = 1280, 720


def slides_exporter(link_suffix: str = ".slides.html") -> SlidesExporter:
    links = LinkPreprocessor()
    links.suffix = link_suffix
    ex = SlidesExporter(
        extra_loaders=[jinja2.DictLoader({"cart_slides.html.j2": SLIDES_TEMPLATE})],
        template_file="cart_slides.html.j2",
        reveal_scroll=True, reveal_theme=SLIDES_THEME, reveal_transition="none",
        reveal_number="c/t", reveal_width=str(SLIDES_WIDTH), reveal_height=str(SLIDES_HEIGHT),
        reveal_url_prefix="CART-VENDORED-REVEAL",
        exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True,
    )
    for pp in (StaticWidgetPreprocessor(), ImageAltPreprocessor(), MathPreprocessor(), links):
        ex.register_preprocessor(pp, enabled=True)
    return ex


def _resources(name: str) -> dict:
    return {"metadata": {"name": name, "path": str(NOTEBOOK_DIR)},
            "cart": {"reveal_css": vendored("reveal.css"),
                     "theme_css": vendored(f"{SLIDES_THEME}.css"),
                     "reveal_js": vendored("reveal.js"), "notes_js": vendored("notes.js"),
                     "slides_css": (ASSETS / "slides.css").read_text(encoding="utf-8")}}


def _drop_links(body: str, prefix: str) -> str:
    """Remove the <link> tags that point at the (replaced) CDN prefix; fail if any remain."""
    body = re.sub(rf"<link[^>]*{prefix}[^>]*>", "", body)
    if prefix in body:
        raise RuntimeError(f"a reference to {prefix} is left in the deck")
    return body


def build_deck(nb_path: Path, out_dir: Path = OUT) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    nb = nbformat.read(nb_path, as_version=4)
    ex = slides_exporter()
    body, res = ex.from_notebook_node(nb, resources=_resources(nb_path.stem))
    body = _drop_links(body, "CART-VENDORED-REVEAL")
    if res["static_widgets"]["unknown"]:
        raise RuntimeError(f"{nb_path.name}: widgets with no static rendering: "
                           f"{res['static_widgets']['unknown']}")
    out = out_dir / f"{nb_path.stem}.slides.html"
    out.write_text(body, encoding="utf-8")
    return out


def check_offline(body: str) -> list[str]:
    """URLs a page would fetch from the network (scripts, styles, images, imports)."""
    pat = re.compile(r"(?:<script[^>]+src|<link[^>]+href|<img[^>]+src|@import\s+url)"
                     r"""\s*[=(]\s*["']?(https?:)?//""", re.I)
    return [m.group(0) for m in pat.finditer(body)]


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("notebooks", nargs="*", type=Path)
    args = ap.parse_args(argv)
    for nb in args.notebooks or notebooks():
        out = build_deck(nb, args.out)
        print(f"built {out} ({out.stat().st_size // 1024} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
