"""Offline decks and static pages in headless Chromium from file:// with the network blocked:
no errors, every figure loads, slide text is projector-sized, figures are not cut off."""

import pytest
from conftest import ARTIFACTS, NOTEBOOKS

pytestmark = pytest.mark.browser
pytest_plugins = ["conftest_static"]

#: 16 pt in CSS px: the smallest slide text allowed on a projector (at a 1280x720 canvas).
MIN_SLIDE_PX = 16 / 0.75

SLIDE_CHECK_JS = """(minPx) => {
  const scale = Reveal.getScale();
  const s = Reveal.getCurrentSlide();
  const small = [];
  const walker = document.createTreeWalker(s, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const t = walker.currentNode;
    const el = t.parentElement;
    if (!t.textContent.trim() || el.closest('aside.notes, sub, sup')) continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    const px = parseFloat(getComputedStyle(el).fontSize) * scale;
    if (px < minPx - 0.01) small.push(`${px.toFixed(1)}px: ${t.textContent.trim().slice(0, 40)}`);
  }
  const figs = [...s.querySelectorAll('img')].map(i => {
    const r = i.getBoundingClientRect();
    return {cls: i.className, ok: i.complete && i.naturalWidth > 0, alt: i.alt,
            inside: r.left >= -1 && r.top >= -1 && r.right <= innerWidth + 1
                    && r.bottom <= innerHeight + 1};
  });
  return {small, figs, scroll: s.scrollHeight > s.clientHeight + 2,
          scrollable: getComputedStyle(s).overflowY === 'auto'};
}"""


def _leave_clean(page, what):
    assert not page.blocked, f"{what} asked the network for {page.blocked}"
    assert not page.errors, f"{what}: console/page errors {page.errors}"


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: p.stem)
def test_deck_offline_readable_every_figure_loads(offline_page, static_site, nb):
    page = offline_page
    page.goto((static_site / "slides" / f"{nb.stem}.slides.html").as_uri())
    page.wait_for_function("() => window.Reveal && Reveal.isReady()")
    slides = page.evaluate("Reveal.getSlides().map(s => Reveal.getIndices(s))")
    assert len(slides) >= 5
    problems, n_figures = [], 0
    for i, ix in enumerate(slides):
        page.evaluate(f"Reveal.slide({ix['h']}, {ix.get('v') or 0}, 99)")
        page.wait_for_timeout(50)
        page.wait_for_function("() => [...Reveal.getCurrentSlide().querySelectorAll('img')]"
                               ".every(i => i.complete)")
        r = page.evaluate(SLIDE_CHECK_JS, MIN_SLIDE_PX)
        where = f"slide {i + 1} ({ix['h']}/{ix.get('v') or 0})"
        problems += [f"{where}: text below 16 pt: {t}" for t in r["small"][:3]]
        for f in r["figs"]:
            n_figures += "explorer-figure" in f["cls"]
            if not f["ok"]:
                problems.append(f"{where}: image did not load ({f['cls']})")
            if "explorer-figure" in f["cls"] and not f["inside"]:
                problems.append(f"{where}: explorer figure cut off by the slide edge")
        if r["scroll"] and not r["scrollable"]:
            problems.append(f"{where}: content overflows and the slide does not scroll")
        page.screenshot(path=str(ARTIFACTS / f"{nb.stem}-slide-{i + 1:02d}.png"))
    assert n_figures >= 1, f"{nb.stem}: no explorer figure in the deck"
    assert not problems, "\n".join(problems)
    _leave_clean(page, nb.stem)


def test_site_pages_offline_every_figure_loads(offline_page, static_site):
    page = offline_page
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto((static_site / "index.html").as_uri())
    links = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
    for nb in NOTEBOOKS:
        assert any(h.endswith(f"/{nb.stem}.html") for h in links)
        assert any(h.endswith(f"/slides/{nb.stem}.slides.html") for h in links)
    page.screenshot(path=str(ARTIFACTS / "site-index.png"), full_page=True)
    for nb in NOTEBOOKS:
        page.goto((static_site / f"{nb.stem}.html").as_uri())
        page.wait_for_load_state("load")
        imgs = page.evaluate("""() => [...document.images].map(i => ({cls: i.className,
                                 ok: i.complete && i.naturalWidth > 0, alt: i.alt}))""")
        figures = [i for i in imgs if "explorer-figure" in i["cls"]]
        assert figures, f"{nb.stem}: no explorer figure on the page"
        assert all(i["ok"] for i in imgs), f"{nb.stem}: images that did not load: " + str(
            [i["cls"] for i in imgs if not i["ok"]])
        assert all(i["alt"] for i in imgs), f"{nb.stem}: images without alt text"
        page.screenshot(path=str(ARTIFACTS / f"{nb.stem}-site.png"), full_page=True)
    _leave_clean(page, "site")
