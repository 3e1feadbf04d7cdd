#!/usr/bin/env python3
"""Build offline reveal.js slide decks: build/slides/NN_name.slides.html for every notebook.

Usage: ``python -m tools.build_slides [--out DIR] [notebooks/NN_name.ipynb ...]``

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
  (press S in the deck), navigation is linear (ArrowRight and Space reach every slide), a slide
  taller than the canvas continues on the next (``PAGINATE_JS``) and the slide CSS
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
                fallback = _fold_long_description(fallback)
                out["data"] = {"text/html": f"<div class='widget-static-root'>{fallback}</div>",
                               "text/plain": alt}
        nb.metadata.pop("widgets", None)
        resources["static_widgets"] = {"views": views, "images": images, "unknown": unknown}
        return nb, resources


#: A description longer than this (a simulation's every step) is folded in decks and pages: the
#: figure keeps it whole as its alt text, the reader opens it when wanted.
LONG_DESCRIPTION = 600
_DESCRIPTION = re.compile(r"<p class=['\"]explorer-description['\"]>(.*?)</p>", re.S)


def _fold_long_description(fallback: str) -> str:
    def fold(m):
        if len(re.sub(r"<[^>]+>", "", m.group(1))) <= LONG_DESCRIPTION:
            return m.group(0)
        return ("<details class='explorer-description-long'><summary>Text description of "
                f"every step</summary><p class='explorer-description'>{m.group(1)}</p></details>")
    return _DESCRIPTION.sub(fold, fallback)


def diagram_description(source: str) -> str | None:
    """The text alternative of a figure a code cell draws with ``Image(data=X().render())``:
    the diagram class's ``alt_text`` or docstring, else its module's docstring (each diagram
    module describes what it draws), resolved through the cell's own ``from explainer... import``.
    """
    import importlib
    import inspect

    m = re.search(r"\b([A-Z]\w*)\([^()]*\)\.render\(", source)
    if not m:
        return None
    name = m.group(1)
    for mod_name, names in re.findall(r"from\s+(explainer[\w.]*)\s+import\s+([\w, ]+)", source):
        if name not in [n.strip() for n in names.split(",")]:
            continue
        try:
            mod = importlib.import_module(mod_name)
        except ImportError:
            return None
        cls = getattr(mod, name, None)
        own = cls is not None and cls.__doc__ and cls.__doc__ is not getattr(
            cls.__mro__[1], "__doc__", None)
        text = getattr(cls, "alt_text", None) or (inspect.cleandoc(cls.__doc__) if own else
                                                  inspect.getdoc(mod))
        if text:
            text = re.sub(r"\s*\(notebooks? [\d, and]+\)", "", " ".join(text.split()))
            return text
    return None


class ImageAltPreprocessor(Preprocessor):
    """Give stored PNG, JPEG and GIF outputs an alt text (nbconvert writes "No description has
    been provided for this image"): the image's own alt metadata, else a meaningful text/plain,
    else the drawing diagram's description (``diagram_description``), else "Figure: <the
    nearest heading above>"."""

    MIMES = ("image/png", "image/jpeg", "image/gif")

    def preprocess(self, nb, resources):
        heading = nb.metadata.get("title", "")
        for cell in nb.cells:
            if cell.cell_type == "markdown":
                hs = re.findall(r"^#+\s+(.+)$", cell.source, re.M)
                heading = hs[-1].strip() if hs else heading
                continue
            for out in cell.get("outputs", []):
                data = out.get("data", {})
                mime = next((k for k in self.MIMES if k in data), None)
                if mime is None or "text/html" in data:
                    continue
                meta = out.get("metadata", {}).get(mime, {})
                plain = "".join(data.get("text/plain", ""))
                alt = (meta.get("alt") or (plain if plain and not plain.startswith("<") else None)
                       or diagram_description(cell.source) or f"Figure: {heading}")
                img = "".join(data[mime]).replace("\n", "")
                alt_attr = html.escape(alt, quote=True)
                out["data"] = {"text/html": f"<img class='stored-figure' src='data:{mime};"
                                            f"base64,{img}' alt=\"{alt_attr}\">",
                               "text/plain": alt}
        return nb, resources


# -- math ---------------------------------------------------------------------------------------
_DISPLAY_MATH = re.compile(r"\$\$(.+?)\$\$", re.S)
# Pandoc's rule: an opening $ has a non-space right after it, a closing $ a non-space right
# before it and no digit right after it; so "$475,000 ... and $373,000" is not math.
_INLINE_MATH = re.compile(r"(?<![\\$\w])\$(?=\S)([^$\n]+?)(?<=\S)\$(?![\d$])")


_GREEK = ("alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi pi rho "
          "sigma tau upsilon phi chi psi omega").split()
_TEX_WORDS = {r"\ln": " ln ", r"\log": " log ", r"\exp": " exp ", r"\cdot": " times ",
              r"\times": " times ", r"\qquad": "; ", r"\quad": "; ", r"\,": " ", r"\;": " ",
              r"\le": " is at most ", r"\ge": " is at least ", r"\infty": " infinity ",
              r"\approx": " is about "}
_TEX_SYMBOLS = {"=": " equals ", "<": " is less than ", ">": " is greater than ", "+": " plus ",
                "-": " minus ", "/": " over ", ",": ", "}


def tex_words(tex: str) -> str:
    """A TeX formula read out in words, for alt text (not the raw TeX): "dN/dt = -r_N N" ->
    "d N over d t equals minus r sub N N". Covers the mathtext subset the notebooks use."""
    t = " ".join(tex.split())
    frac = re.compile(r"\\[dt]?frac\{([^{}]*)\}\{([^{}]*)\}")
    while frac.search(t):
        t = frac.sub(lambda m: f" ({m.group(1)}) over ({m.group(2)}) ", t)
    for name in _GREEK:
        t = re.sub(rf"\\{name}(?![a-z])", f" {name} ", t, flags=re.I)
    for k, v in _TEX_WORDS.items():
        t = t.replace(k.replace("\\\\", "\\"), v)
    t = re.sub(r"_\{([^{}]*)\}|_(\w)", lambda m: f" sub {m.group(1) or m.group(2)} ", t)
    t = re.sub(r"\^\{([^{}]*)\}|\^(\w)",
               lambda m: f" to the power {m.group(1) or m.group(2)} ", t)
    t = re.sub(r"\\[a-zA-Z]+", " ", t).replace("{", "").replace("}", "")
    out = "".join(_TEX_SYMBOLS.get(ch, ch) for ch in t)
    # a single-letter group needs no brackets: "(N) over (K sub N)" -> "N over (K sub N)"
    out = re.sub(r"\(\s*([^()\s]+)\s*\)", r"\1", out)
    out = re.sub(r"\(\s+", "(", re.sub(r"\s+\)", ")", re.sub(r"\s+", " ", out)))
    return re.sub(r"\s+([,;])", r"\1", out).replace(",;", ";").strip(" ,;")


def math_img(tex: str, *, display: bool) -> str:
    """TeX (mathtext subset) -> an inline SVG <img> sized in em; alt text = the formula in words
    (``tex_words``), so a screen reader does not read raw TeX."""
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
            f"alt=\"{html.escape('Formula: ' + tex_words(tex), quote=True)}\" "
            f"style='{style}'>")


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


PAGINATE_JS = r"""/* CAR-T Explained deck layout (tools/build_slides.py).
 * 1. The canvas is 1280 wide and as tall as the screen's shape asks (720 at 16:9, 960 at 4:3),
 *    so a 4:3 projector gets more lines instead of an empty band above and below.
 * 2. A slide taller than the canvas is split at block boundaries (paragraphs, list items, table
 *    rows with the header repeated, the explorer's panel) into "continued" slides that follow
 *    it; ArrowRight walks them like any slide (linear navigation). A single block that still
 *    does not fit is scaled down to fit (data-cart-zoom). On resize the split is redone.
 * 3. Nothing hides under what the deck draws on top of every slide (the slide number and the
 *    arrows, bottom right): a block of text, table or image that reaches that corner gets a
 *    right margin (data-cart-clear) so it wraps clear of it, and pagination runs again.
 * document.documentElement.dataset.cartReady = "1" once the deck is laid out. */
var cartDeck = (function () {
  var SPLITTABLE = /^(DIV|UL|OL|TABLE|TBODY|SECTION|BLOCKQUOTE|MAIN|ARTICLE)$/;
  var HEADING = /^H[1-6]$/;
  var original = null, cfg = null, height = 0;

  function canvasHeight() {
    var h = Math.round(cfg.width * window.innerHeight / Math.max(1, window.innerWidth));
    return Math.max(cfg.minHeight, Math.min(h, Math.round(cfg.width * 0.8)));
  }
  function leaves() {
    return [].slice.call(document.querySelectorAll('.reveal .slides > section')).reduce(
      function (acc, top) {
        var subs = [].slice.call(top.querySelectorAll(':scope > section'));
        return acc.concat(subs.length ? subs : [top]);
      }, []);
  }
  function kids(node) {
    return [].slice.call(node.children).filter(function (c) {
      return !(c.tagName === 'ASIDE' && c.classList.contains('notes'));
    });
  }
  function hasContent(c) {
    return c.textContent.trim() !== '' || !!c.querySelector('img, svg, video, canvas') ||
      /^(IMG|SVG|VIDEO|CANVAS|HR)$/.test(c.tagName);
  }
  function visible(c) { var r = c.getBoundingClientRect(); return r.height > 0 || r.width > 0; }
  /* The element that should begin the next slide, or null if everything fits. */
  function findBreak(node, limit) {
    var cs = kids(node).filter(visible);
    for (var i = 0; i < cs.length; i++) {
      var c = cs[i], r = c.getBoundingClientRect();
      if (r.bottom <= limit + 0.5 || !hasContent(c)) { continue; }
      var brk = c;
      if (r.top < limit && SPLITTABLE.test(c.tagName) && !c.classList.contains('cart-keep')) {
        var inner = findBreak(c.tagName === 'TABLE' ? (c.tBodies[0] || c) : c, limit);
        // all its blocks fit and only its padding or margin crosses the line: it fits
        if (!inner && kids(c).some(hasContent)) { continue; }
        if (inner) { brk = inner; }
      }
      // keep a heading with what follows it
      var prev = brk.previousElementSibling;
      while (prev && HEADING.test(prev.tagName)) { brk = prev; prev = prev.previousElementSibling; }
      return brk;
    }
    return null;
  }
  /* True when nothing with a height comes before el in section (apart from a continued title):
   * splitting there would leave an empty slide. */
  function isFirstInSection(section, el) {
    for (var n = el; n && n !== section; n = n.parentNode) {
      for (var q = n.previousElementSibling; q; q = q.previousElementSibling) {
        if (q.classList.contains('cart-continued-title') || isNotes(q)) { continue; }
        if (q.getBoundingClientRect().height > 0.5) { return false; }
      }
    }
    return true;
  }
  /* Move brk and everything after it (at every level up to section) into a new section. */
  function isNotes(m) {
    return m.nodeType === 1 && m.tagName === 'ASIDE' && m.classList.contains('notes');
  }
  function splitAt(section, brk) {
    var containers = [section];
    for (var n = brk.parentNode; n !== section; n = n.parentNode) { containers.splice(1, 0, n); }
    var fresh = section.cloneNode(false);
    fresh.removeAttribute('id');
    fresh.removeAttribute('style');
    fresh.removeAttribute('hidden');
    fresh.removeAttribute('aria-hidden');
    fresh.classList.add('cart-continued');
    fresh.classList.remove('present', 'past', 'future', 'stack');
    var clones = [fresh], last = containers.length - 1;
    for (var i = 1; i <= last; i++) {
      var orig = containers[i], c = orig.cloneNode(false);
      c.removeAttribute('id');
      if (orig.tagName === 'OL') {
        var first = i === last ? brk : containers[i + 1];
        var lis = [].slice.call(orig.children).filter(function (x) { return x.tagName === 'LI'; });
        var start = parseInt(orig.getAttribute('start') || '1', 10);
        c.setAttribute('start', String(start + Math.max(0, lis.indexOf(first))));
      }
      if (orig.tagName === 'TABLE' && orig.tHead) { c.appendChild(orig.tHead.cloneNode(true)); }
      clones[i - 1].appendChild(c);
      clones.push(c);
    }
    for (var j = last; j >= 0; j--) {
      var m = j === last ? brk : containers[j + 1].nextSibling;
      while (m) {
        var next = m.nextSibling;
        if (!isNotes(m)) { clones[j].appendChild(m); }
        m = next;
      }
    }
    var heading = section.querySelector('h1, h2, h3, h4');
    var title = section.dataset.cartTitle ||
      (heading ? heading.textContent.replace(/¶$/, '').trim() : '');
    if (title) {
      fresh.dataset.cartTitle = title;
      var p = document.createElement('p');
      p.className = 'cart-continued-title';
      p.textContent = title + ' (continued)';
      fresh.insertBefore(p, fresh.firstChild);
    }
    section.parentNode.insertBefore(fresh, section.nextSibling);
    // a fragment that now opens the continued slide shows at once (the split is the step)
    var frag = fresh.querySelector('.fragment');
    var stack = fresh.parentNode.tagName === 'SECTION' ? fresh.parentNode : null;
    fresh.style.display = 'block';
    if (stack) { stack.style.display = 'block'; }
    if (frag && isFirstInSection(fresh, frag)) {
      frag.classList.remove('fragment', 'visible', 'current-fragment');
      frag.removeAttribute('data-fragment-index');
    }
    fresh.style.display = '';
    return fresh;
  }
  function prune(node) {
    // drop wrappers left empty by a split (no text, no image)
    var all = [].slice.call(node.querySelectorAll('div, ul, ol, tbody, table')).reverse();
    all.forEach(function (e) {
      if (!e.textContent.trim() && !e.querySelector('img, svg, video, canvas')) { e.remove(); }
    });
  }
  /* Run fn() with section s (and the stack it sits in) displayed, so it can be measured. */
  function shown(s, fn) {
    var stack = s.parentNode.tagName === 'SECTION' ? s.parentNode : null;
    var prevDisplay = s.style.display, prevStack = stack ? stack.style.display : '';
    s.style.display = 'block';
    if (stack) { stack.style.display = 'block'; }
    try { return fn(); } finally {
      s.style.display = prevDisplay;
      if (stack) { stack.style.display = prevStack; }
    }
  }
  function paginate() {
    var made = 0;
    leaves().forEach(function (section) {
      var s = section, guard = 0;
      while (s && guard++ < 40) {
        s = shown(s, function () {
          var sr = s.getBoundingClientRect();
          var scale = sr.height / Math.max(1, s.offsetHeight);
          var pad = parseFloat(getComputedStyle(s).paddingBottom) || 0;
          var limit = sr.top + (s.clientHeight - pad - 6) * scale;  // 6 px for the last margin
          var over = s.scrollHeight > s.clientHeight + 1;
          var brk = over ? findBreak(s, limit) : null;
          if (brk && !isFirstInSection(s, brk)) {
            var next = splitAt(s, brk);
            prune(s); made++;
            return next;
          }
          if (over) {
            var k = Math.max(0.5, (s.clientHeight - pad) / s.scrollHeight);
            s.dataset.cartZoom = k.toFixed(3);
            kids(s).forEach(function (c) { c.style.zoom = k.toFixed(3); });
          }
          return null;
        });
      }
    });
    return made;
  }
  /* The corner the slide number and the arrows cover, in screen pixels. */
  function chromeRect() {
    var sel = '.reveal .slide-number, .reveal .controls button';
    var rs = [].slice.call(document.querySelectorAll(sel))
      .filter(function (e) { var cs = getComputedStyle(e); return cs.display !== 'none' &&
                             cs.visibility !== 'hidden'; })
      .map(function (e) { return e.getBoundingClientRect(); })
      .filter(function (r) { return r.width > 0 && r.height > 0; });
    if (!rs.length) { return null; }
    return {left: Math.min.apply(null, rs.map(function (r) { return r.left; })) - 4,
            top: Math.min.apply(null, rs.map(function (r) { return r.top; })) - 4};
  }
  var CLEAR_BLOCK = /^(P|LI|H[1-6]|PRE|TABLE|IMG|BLOCKQUOTE|DL|FIGURE|DETAILS)$/;
  /* The block box whose right margin moves el out of the corner (null: only the section). */
  function clearBlock(s, el) {
    var b = el;
    while (b && b !== s && !CLEAR_BLOCK.test(b.tagName)) { b = b.parentElement; }
    if (b && b !== s) { return b; }
    b = el;  // text straight in a DIV, LABEL, ...: its nearest block box
    while (b && b !== s && !/^(block|flex|grid|list-item|table)$/.test(
      getComputedStyle(b).display)) { b = b.parentElement; }
    return b && b !== s ? b : null;
  }
  /* Give each block that reaches the covered corner a right margin (widened if it already has
   * one and still reaches it); return how many blocks changed. */
  function clearChrome() {
    var c = chromeRect(), fixed = 0;
    if (!c) { return 0; }
    var inCorner = function (r) { return r.right > c.left && r.bottom > c.top && r.width > 0; };
    leaves().forEach(function (s) {
      shown(s, function () {
        var sr = s.getBoundingClientRect();
        var scale = sr.width / Math.max(1, s.offsetWidth);
        var hit = [];
        var walker = document.createTreeWalker(s, NodeFilter.SHOW_TEXT);
        while (walker.nextNode()) {
          var t = walker.currentNode;
          if (!t.textContent.trim() || t.parentElement.closest('aside.notes')) { continue; }
          var range = document.createRange();
          range.selectNodeContents(t);
          if ([].slice.call(range.getClientRects()).some(inCorner)) { hit.push(t.parentElement); }
        }
        [].slice.call(s.querySelectorAll('img')).forEach(function (i) {
          if (inCorner(i.getBoundingClientRect())) { hit.push(i); }
        });
        var blocks = [];
        hit.forEach(function (el) {
          var b = clearBlock(s, el);
          if (b && blocks.indexOf(b) < 0) { blocks.push(b); }
        });
        blocks.forEach(function (b) {
          var before = parseInt(b.dataset.cartClear, 10) || 0;
          var px = Math.ceil((b.getBoundingClientRect().right - c.left) / scale) + 8 + before;
          b.style.marginRight = px + 'px';
          b.dataset.cartClear = String(px);
          fixed++;
        });
      });
    });
    return fixed;
  }
  function layout() {
    var h = canvasHeight();
    var here = Reveal.getIndices ? Reveal.getIndices() : {h: 0, v: 0};
    height = h;
    document.querySelector('.reveal').style.setProperty('--cart-canvas-h', h + 'px');
    document.querySelector('.reveal .slides').innerHTML = original;
    Reveal.configure({height: h});
    Reveal.sync();
    Reveal.layout();
    // a split can change how the rest of a stack lays out: repeat until nothing moves
    for (var pass = 0; pass < 4 && paginate() > 0; pass++) { Reveal.sync(); Reveal.layout(); }
    // then wrap text clear of the slide number and arrows, and split again what that made taller
    for (var round = 0; round < 4 && clearChrome() > 0; round++) {
      for (pass = 0; pass < 4 && paginate() > 0; pass++) { Reveal.sync(); Reveal.layout(); }
    }
    Reveal.sync();
    Reveal.slide(here.h || 0, here.v || 0);
    document.documentElement.dataset.cartReady = '1';
  }
  function start(config) {
    cfg = config;
    original = document.querySelector('.reveal .slides').innerHTML;
    var opts = Object.assign({width: cfg.width, height: canvasHeight()}, cfg.options);
    Reveal.initialize(opts).then(function () {
      layout();
      var t = null;
      window.addEventListener('resize', function () {
        clearTimeout(t);
        t = setTimeout(function () { if (canvasHeight() !== height) { layout(); } }, 150);
      });
    });
  }
  return {start: start, paginate: paginate};
})();
"""

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
<script>{{ resources.cart.paginate_js }}</script>
<script>
window.addEventListener('load', function () {
  cartDeck.start({
    width: {{ resources.reveal.width }}, minHeight: {{ resources.reveal.height }},
    options: {
      controls: true, progress: true, history: true, hash: true, center: false,
      navigationMode: "linear", transition: "{{ resources.reveal.transition }}",
      slideNumber: "{{ resources.reveal.number }}", margin: 0.02, plugins: [RevealNotes]
    }
  });
});
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
                     "paginate_js": PAGINATE_JS,
                     "slides_css": (ASSETS / "slides.css").read_text(encoding="utf-8")}}


ANCHOR_LINK = re.compile(r'<a class="anchor-link" href="[^"]*">¶</a>')


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
    body = ANCHOR_LINK.sub("", body)  # heading permalinks: tiny targets, no use in a deck
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
