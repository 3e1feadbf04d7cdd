"""Offline decks and static pages in headless Chromium from file:// with the network blocked.

Decks, at 1024 x 768 (a 4:3 projector) and 1280 x 720 (16:9): every slide is reached by pressing
ArrowRight from the first (linear navigation, as many slides as reveal.js counts), no slide is
taller than the canvas, slide text is projector-sized, every figure loads inside the slide;
no request leaves the machine and no console error; axe-core finds no critical or serious
WCAG 2.2 AA violation on any slide (at 1280 x 720). Pages: every figure loads with a text
alternative, axe finds no critical or serious violation. Screenshots of every slide at
1024 x 768 go to tests/browser/artifacts/ (git-ignored).
"""

import pytest
from conftest import ARTIFACTS, NOTEBOOKS
from conftest_static import axe_violations
from drive import follow_first_citation

from explainer.diagrams import style
from explainer.widgets.animated import AnimatedExplorer

pytestmark = pytest.mark.browser
pytest_plugins = ["conftest_static"]

#: 16 pt on a 1280-wide canvas, in canvas px: the smallest slide text allowed.
MIN_SLIDE_PX = 16 / 0.75
#: A block too tall for any slide may be scaled down a little to fit, never below this.
MIN_ZOOM = 0.9
SIZES = [(1024, 768), (1280, 720)]

SLIDE_JS = """(minPx) => {
  const s = Reveal.getCurrentSlide();
  const ix = Reveal.getIndices();
  const zoom = parseFloat(s.dataset.cartZoom || '1');
  const small = [];
  const walker = document.createTreeWalker(s, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const t = walker.currentNode;
    const el = t.parentElement;
    if (!t.textContent.trim() || el.closest('aside.notes, sub, sup')) continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    const px = parseFloat(getComputedStyle(el).fontSize) * zoom;
    if (px < minPx - 0.01) small.push(`${px.toFixed(1)}px: ${t.textContent.trim().slice(0, 40)}`);
  }
  // what the deck draws on top of the slide: the slide number and the arrows
  const chrome = [...document.querySelectorAll('.reveal .slide-number, .reveal .controls button')]
    .map(e => [e, e.getBoundingClientRect()])
    .filter(([e, r]) => r.width > 0 && r.height > 0 && getComputedStyle(e).visibility !== 'hidden'
                        && getComputedStyle(e).display !== 'none' && !e.disabled)
    .map(([e, r]) => r);
  // where the slide will rest once a transition ends: at the top left of the slides box
  const now = s.getBoundingClientRect(), home = s.parentElement.closest('.slides')
    .getBoundingClientRect();
  const dx = home.left - now.left, dy = home.top - now.top;
  const hits = (r) => chrome.some(c => r.left + dx < c.right - 1 && r.right + dx > c.left + 1 &&
                                       r.top + dy < c.bottom - 1 && r.bottom + dy > c.top + 1);
  const covered = [];
  const w2 = document.createTreeWalker(s, NodeFilter.SHOW_TEXT);
  while (w2.nextNode()) {
    const t = w2.currentNode;
    if (!t.textContent.trim() || t.parentElement.closest('aside.notes')) continue;
    const range = document.createRange(); range.selectNodeContents(t);
    if ([...range.getClientRects()].some(hits)) covered.push(t.textContent.trim().slice(0, 40));
  }
  s.querySelectorAll('img').forEach(i => { if (hits(i.getBoundingClientRect()))
    covered.push(`image ${i.className}`); });
  const sr = s.getBoundingClientRect();
  const figs = [...s.querySelectorAll('img')].filter(i => !i.closest('details:not([open])'))
    .map(i => {
      const r = i.getBoundingClientRect();
      return {cls: i.className, ok: i.complete && i.naturalWidth > 0, alt: i.alt,
              natural: i.naturalWidth, gif: i.src.startsWith('data:image/gif'),
              inside: r.left >= sr.left - 1 && r.top >= sr.top - 1 && r.right <= sr.right + 1
                      && r.bottom <= sr.bottom + 1};
    });
  return {key: `${ix.h}/${ix.v || 0}`, small, figs, zoom, covered,
          height: s.clientHeight, content: s.scrollHeight,
          overflowX: s.scrollWidth > s.clientWidth + 2,
          title: ((s.querySelector('h1, h2, h3, h4, p') || {}).textContent || '').slice(0, 50),
          last: Reveal.isLastSlide() && !Reveal.availableFragments().next};
}"""


def open_deck(page, path):
    page.goto(path.as_uri())
    # the deck is ready once the paginator has split every slide that was too tall
    page.wait_for_function("() => document.documentElement.dataset.cartReady === '1'")
    page.wait_for_function("() => [...document.images].every(i => i.complete)")


#: Widths of notebook-style figures (600 and 900 px; the slide style draws 800 and 1200), and
#: of their animated GIF fallbacks (scenes: scaled by gif_scale): the decks must show the large
#: slide style, built by `make slides` before the browser tests.
NOTEBOOK_FIGURE_PX = {round(w * 100) for w, _ in
                      (style.figsize(s, "notebook") for s in ("wide", "square", "tall"))}
NOTEBOOK_GIF_PX = {round(w * AnimatedExplorer.gif_scale) for w in NOTEBOOK_FIGURE_PX}


def walk_deck(page, on_slide=None, limit=2000):
    """Press ArrowRight from the first slide to the last; return each slide's measurements
    (the first time it is shown: fragments take key presses too)."""
    seen = {}
    for _ in range(limit):
        r = page.evaluate(SLIDE_JS, MIN_SLIDE_PX)
        if r["key"] not in seen:
            seen[r["key"]] = r
            if on_slide:
                on_slide(len(seen), r)
        if r["last"]:
            break
        page.keyboard.press("ArrowRight")
    return list(seen.values())


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: p.stem)
def test_deck_every_slide_fits_is_reachable_and_readable(offline_page, static_site, nb, size):
    page = offline_page
    page.set_viewport_size({"width": size[0], "height": size[1]})
    open_deck(page, static_site / "slides" / f"{nb.stem}.slides.html")
    total = page.evaluate("Reveal.getTotalSlides()")
    shoot = size == (1024, 768)

    def screenshot(i, r):
        if shoot:
            page.screenshot(path=str(ARTIFACTS / f"{nb.stem}-slide-{i:02d}.png"))

    slides = walk_deck(page, screenshot)
    assert total >= 5
    assert len(slides) == total, (
        f"{nb.stem}: ArrowRight reached {len(slides)} of {total} slides")
    problems, n_figures = [], 0
    for i, r in enumerate(slides, 1):
        where = f"slide {i} ({r['key']}: {r['title']!r})"
        if r["content"] > r["height"] + 1:
            problems.append(f"{where}: content {r['content']} px in a {r['height']} px slide")
        if r["zoom"] < MIN_ZOOM:
            problems.append(f"{where}: scaled to {r['zoom']} to fit")
        if r["overflowX"]:
            problems.append(f"{where}: content wider than the slide")
        problems += [f"{where}: text below 16 pt: {t}" for t in r["small"][:3]]
        problems += [f"{where}: under the slide number or an arrow: {t!r}"
                     for t in r["covered"][:3]]
        for f in r["figs"]:
            n_figures += "explorer-figure" in f["cls"]
            if not f["ok"]:
                problems.append(f"{where}: image did not load ({f['cls']})")
            if not f["inside"]:
                problems.append(f"{where}: image cut off by the slide edge ({f['cls']})")
            if not f["alt"].strip():
                problems.append(f"{where}: image without a text alternative ({f['cls']})")
            notebook_px = NOTEBOOK_GIF_PX if f["gif"] else NOTEBOOK_FIGURE_PX
            if "explorer-figure" in f["cls"] and f["natural"] in notebook_px:
                problems.append(f"{where}: explorer figure {f['natural']} px wide: not the "
                                f"slide style (make test builds it: `make slides`)")
    assert n_figures >= 1, f"{nb.stem}: no explorer figure in the deck"
    assert not problems, f"{nb.stem} at {size}:\n" + "\n".join(problems)
    page.errors.assert_clean()


def test_deck_navigation_is_linear_and_the_canvas_follows_the_screen(offline_page, static_site):
    """ArrowRight goes down into a vertical stack (linear mode); a 4:3 screen gets a taller
    canvas (more lines, no empty band above the title) than a 16:9 one."""
    page = offline_page
    deck = static_site / "slides" / f"{NOTEBOOKS[0].stem}.slides.html"
    heights = {}
    for w, h in SIZES:
        page.set_viewport_size({"width": w, "height": h})
        open_deck(page, deck)
        heights[(w, h)] = page.evaluate("Reveal.getConfig().height")
        top = page.evaluate("""() => document.querySelector('.reveal .slides')
                                       .getBoundingClientRect().top""")
        assert top < 0.03 * h, f"{w}x{h}: {top:.0f} px empty above the slide"
    assert page.evaluate("Reveal.getConfig().navigationMode") == "linear"
    assert heights[(1024, 768)] > heights[(1280, 720)] == 720
    page.evaluate("Reveal.slide(0, 0)")
    page.keyboard.press("ArrowRight")
    assert page.evaluate("Reveal.getIndices().v") == 1, "ArrowRight skipped the sub-slide"
    page.errors.assert_clean()


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: p.stem)
def test_deck_citation_goes_to_the_slide_with_its_reference(offline_page, static_site, nb):
    """Clicking "Maude et al. 2018" on a slide moves the deck to the reference slide that
    holds its entry, with the entry on screen (reveal.js follows #ref-KEY to its slide)."""
    page = offline_page
    page.set_viewport_size({"width": 1024, "height": 768})
    open_deck(page, static_site / "slides" / f"{nb.stem}.slides.html")
    page.evaluate("""() => { const a = document.querySelector('.reveal .slides a[href^="#ref-"]');
                             const ix = Reveal.getIndices(a.closest('section'));
                             Reveal.slide(ix.h, ix.v); }""")
    page.wait_for_timeout(300)  # the slide transition
    before = page.evaluate("Reveal.getIndices()")
    follow_first_citation(page, ".reveal .slides section.present:not(.stack)")
    after = page.evaluate("""() => { const s = Reveal.getCurrentSlide();
        return {ix: Reveal.getIndices(), refs: !!s.querySelector('[id^="ref-"]')}; }""")
    assert after["refs"] and after["ix"] != before, (before, after)
    page.errors.assert_clean()


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: p.stem)
def test_deck_has_no_serious_axe_violation_on_any_slide(offline_page, static_site, nb):
    page = offline_page
    open_deck(page, static_site / "slides" / f"{nb.stem}.slides.html")
    found = {}

    def check(i, r):
        for v in axe_violations(page, ".reveal .slides section.present:not(.stack)"):
            found.setdefault(v.split(" (")[0], f"slide {i} ({r['key']}): {v}")

    walk_deck(page, check)
    chrome = axe_violations(page, ".reveal .controls") + axe_violations(
        page, ".reveal .slide-number")
    assert not found and not chrome, f"{nb.stem}: " + "\n".join([*found.values(), *chrome])
    page.errors.assert_clean()


def test_site_pages_offline_every_figure_loads_and_axe_is_clean(offline_page, static_site):
    page = offline_page
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto((static_site / "index.html").as_uri())
    links = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
    for nb in NOTEBOOKS:
        assert any(h.endswith(f"/{nb.stem}.html") for h in links)
        assert any(h.endswith(f"/slides/{nb.stem}.slides.html") for h in links)
    page.screenshot(path=str(ARTIFACTS / "site-index.png"), full_page=True)
    problems = [f"index: {v}" for v in axe_violations(page)]
    for nb in NOTEBOOKS:
        page.goto((static_site / f"{nb.stem}.html").as_uri())
        page.wait_for_load_state("load")
        imgs = page.evaluate("""() => [...document.images].map(i => ({cls: i.className,
                                 ok: i.complete && i.naturalWidth > 0, alt: i.alt}))""")
        figures = [i for i in imgs if "explorer-figure" in i["cls"]]
        assert figures, f"{nb.stem}: no explorer figure on the page"
        assert all(i["ok"] for i in imgs), f"{nb.stem}: images that did not load: " + str(
            [i["cls"] for i in imgs if not i["ok"]])
        assert all(i["alt"].strip() for i in imgs), f"{nb.stem}: images without alt text"
        problems += [f"{nb.stem}: {v}" for v in axe_violations(page)]
        page.screenshot(path=str(ARTIFACTS / f"{nb.stem}-site.png"), full_page=True)
        follow_first_citation(page)
    assert not problems, "\n".join(problems)
    page.errors.assert_clean()
