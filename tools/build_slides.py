#!/usr/bin/env python3
"""Build offline reveal.js slide decks: build/slides/NN_name.slides.html for every notebook.

Usage: ``python tools/build_slides.py [--out DIR] [notebooks/NN_name.ipynb ...]``

The decks come from the stored outputs (``make execute``); no kernel runs. Each deck is ONE
self-contained HTML file that opens offline from disk:

* reveal.js 4 (JS, CSS, the white theme and the speaker-notes plugin, MIT) is inlined from the
  copy vendored in ``assets/vendor/reveal.js/`` instead of nbconvert's unpkg/require.js links;
* widgets are rendered statically in Python from the saved widget state (no widget JavaScript,
  which nbconvert would fetch from a CDN): each explorer becomes its figure as an ``<img>`` with a
  ``data:image/png`` source and the explorer's live description as alt text, the description
  itself, the side panel and the values of its controls; a quiz becomes its question and options;
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
def _strip_tags(text: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", text or ""))).strip()


def _fmt_number(value) -> str:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return html.escape(str(value))
    if isinstance(value, int):
        return f"{value:,}".replace(",", "\u2009")
    if value != 0 and (abs(value) >= 1e4 or abs(value) < 1e-3):
        mant, exp = f"{value:.2e}".split("e")
        sup = str(int(exp)).translate(str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹"))
        return f"{float(mant):g} × 10{sup}"
    return f"{value:.4g}"


class StaticWidgets:
    """Render ipywidgets from a notebook's saved widget state as plain HTML (no JavaScript).

    Only the widget types the collection uses are rendered in full; any other widget becomes
    a short note naming it, and is listed in ``unknown`` so tests can catch it.
    """

    BOXES = {"VBoxModel", "HBoxModel", "BoxModel", "GridBoxModel"}
    SLIDERS = {"IntSliderModel", "FloatSliderModel", "FloatLogSliderModel"}
    CHOICES = {"DropdownModel", "ToggleButtonsModel", "SelectModel"}

    def __init__(self, state: dict):
        self.state = state.get("state", {})
        self.unknown: list[str] = []
        self.images = 0

    def model(self, ref: str) -> dict | None:
        mid = ref[len("IPY_MODEL_"):] if ref.startswith("IPY_MODEL_") else ref
        return self.state.get(mid)

    def _layout(self, s: dict) -> dict:
        lay = self.model(s.get("layout", "")) if isinstance(s.get("layout"), str) else None
        return (lay or {}).get("state", {})

    def _style(self, s: dict, keys=("width", "max_width", "min_width", "flex", "flex_flow",
                                    "align_items", "padding")) -> str:
        lay = self._layout(s)
        parts = [f"{k.replace('_', '-')}:{lay[k]}" for k in keys if lay.get(k)]
        return ";".join(parts)

    def _hidden(self, s: dict) -> bool:
        lay = self._layout(s)
        return lay.get("display") == "none" or lay.get("visibility") == "hidden"

    def render(self, ref: str, alt: str = "") -> str:
        m = self.model(ref)
        if m is None:
            self.unknown.append(f"missing model {ref}")
            return ""
        name, s = m.get("model_name", ""), m.get("state", {})
        if self._hidden(s):
            return ""
        classes = " ".join(s.get("_dom_classes", []))
        if name in self.BOXES:
            return self._box(name, s, classes, alt)
        if name == "ImageModel":
            return self._image(m, s, classes, alt)
        if name in {"HTMLModel", "HTMLMathModel"}:
            value = s.get("value", "")
            if not value.strip():
                return ""
            return f"<div class='widget-static-html {classes}'>{value}</div>"
        if name == "LabelModel":
            text = html.escape(s.get("value", ""))
            return f"<div class='widget-static-label {classes}'>{text}</div>"
        if name in self.SLIDERS:
            return self._control(s, _fmt_number(s.get("value")))
        if name in self.CHOICES:
            labels, i = s.get("_options_labels", []), s.get("index")
            return self._control(s, html.escape(labels[i]) if i is not None else "(none)")
        if name == "CheckboxModel":
            return self._control(s, "yes" if s.get("value") else "no")
        if name == "TextModel":
            if "explorer-twin" in classes:
                return ""  # the slider's typable twin: its value is already shown
            return self._control(s, html.escape(s.get("value", "")))
        if name == "RadioButtonsModel":
            items = "".join(f"<li>{html.escape(lbl)}</li>" for lbl in s.get("_options_labels", []))
            return f"<ol class='widget-static-options' type='A'>{items}</ol>"
        if name == "ButtonModel":
            return ""  # nothing to press without a kernel
        if name == "OutputModel":
            return self._outputs(s.get("outputs", []))
        self.unknown.append(name)
        return f"<p class='widget-static-unknown'>[{html.escape(name)}: interactive only]</p>"

    def _box(self, name: str, s: dict, classes: str, alt: str) -> str:
        children = s.get("children", [])
        if "explorer" in classes.split():
            alt = self._explorer_alt(children) or alt
        inner = "".join(self.render(c, alt) for c in children)
        if "explorer-controls" in classes.split():
            if not inner:
                return ""
            inner = (f"<p class='widget-static-settings'><b>Settings shown:</b></p>{inner}"
                     f"<p class='widget-static-note'>{LIVE_NOTE}</p>")
        if "quiz" in classes.split():
            inner += ("<p class='widget-static-note'>Answer this question in JupyterLab, on "
                      "Binder or in the app view to get feedback.</p>")
        kind = {"VBoxModel": "vbox", "HBoxModel": "hbox"}.get(name, "box")
        if not inner.strip():
            return ""
        style = self._style(s)
        return (f"<div class='widget-static widget-static-{kind} {classes}'"
                f"{f' style={chr(34)}{style}{chr(34)}' if style else ''}>{inner}</div>")

    def _explorer_alt(self, children: list[str]) -> str:
        title = desc = ""
        for c in children:
            m = self.model(c) or {}
            s = m.get("state", {})
            if m.get("model_name") == "HTMLModel":
                if "explorer-description" in s.get("_dom_classes", []):
                    desc = _strip_tags(s.get("value", ""))
                elif "explorer-title" in s.get("value", ""):
                    title = _strip_tags(s.get("value", ""))
        return f"{title}: {desc}" if title and desc else (desc or title)

    def _image(self, m: dict, s: dict, classes: str, alt: str) -> str:
        data = None
        for b in m.get("buffers", []):
            if b.get("path") == ["value"]:
                data = b["data"] if b.get("encoding", "base64") == "base64" else (
                    base64.b64encode(b["data"].encode("latin-1")).decode())
        if data is None and isinstance(s.get("value"), str):
            data = s["value"]
        if not data:
            self.unknown.append("ImageModel without a value")
            return ""
        fmt = s.get("format", "png")
        mime = "image/svg+xml" if fmt == "svg+xml" else f"image/{fmt}"
        self.images += 1
        style = self._style(s, keys=("width", "max_width"))
        return (f"<img class='widget-static-image {classes}' src='data:{mime};base64,{data}' "
                f"alt=\"{html.escape(alt or 'figure', quote=True)}\""
                f"{f' style={chr(34)}{style}{chr(34)}' if style else ''}>")

    def _control(self, s: dict, value_html: str) -> str:
        label = html.escape(s.get("description", "").rstrip(":")) or "value"
        off = " <span class='widget-static-off'>(not used with these settings)</span>" if s.get(
            "disabled") else ""
        return (f"<div class='widget-static-control'><span class='widget-static-label'>"
                f"{label}:</span> <b>{value_html}</b>{off}</div>")

    def _outputs(self, outputs: list[dict]) -> str:
        out = []
        for o in outputs:
            data = o.get("data", {})
            if "image/png" in data:
                self.images += 1
                out.append(f"<img src='data:image/png;base64,{data['image/png']}' "
                           f"alt=\"{html.escape(''.join(data.get('text/plain', 'figure')))}\">")
            elif "text/html" in data:
                out.append("".join(data["text/html"]))
            elif "text" in o:
                out.append(f"<pre>{html.escape(''.join(o['text']))}</pre>")
            elif "text/plain" in data:
                out.append(f"<pre>{html.escape(''.join(data['text/plain']))}</pre>")
        return "".join(out)


class StaticWidgetPreprocessor(Preprocessor):
    """Replace every widget view in the outputs by static HTML rendered from the saved state.

    Drops ``metadata.widgets`` afterwards so nbconvert does not add its CDN widget loader.
    ``resources['static_widgets']`` gets ``{"views": n, "images": n, "unknown": [...]}``.
    """

    def preprocess(self, nb, resources):
        state = nb.metadata.get("widgets", {}).get(WIDGET_STATE, {})
        sw = StaticWidgets(state)
        views = 0
        for cell in nb.cells:
            if cell.cell_type != "code":
                continue
            for out in cell.get("outputs", []):
                data = out.get("data", {})
                if WIDGET_VIEW not in data:
                    continue
                views += 1
                alt = "".join(data.get("text/plain", ""))
                rendered = sw.render(data[WIDGET_VIEW]["model_id"], alt)
                out["data"] = {"text/html": f"<div class='widget-static-root'>{rendered}</div>",
                               "text/plain": alt}
        nb.metadata.pop("widgets", None)
        resources["static_widgets"] = {"views": views, "images": sw.images,
                                       "unknown": sw.unknown}
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
