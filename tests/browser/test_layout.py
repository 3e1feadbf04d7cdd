"""Explorers made for the room: every explorer fits a 1024 × 768 projector screen, nothing runs
off a 390 × 844 phone, touch targets are at least 24 × 24 px, panel and title text at least
14 px (18 px in projector mode). Screenshots of every explorer at both sizes go to artifacts/."""

import json

import pytest
from conftest import ARTIFACTS, NOTEBOOKS

pytestmark = pytest.mark.browser

PROJECTOR = (1024, 768)
PHONE = (390, 844)


def expected_explorers(nb) -> int:
    """How many explorers the notebook shows (its stored static fallbacks say so)."""
    cells = json.loads(nb.read_text())["cells"]
    return sum("explorer-static" in "".join(o.get("data", {}).get("text/html", ""))
               for c in cells for o in c.get("outputs", []))


def open_all(browser, voila_url, nb, size):
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    page.goto(f"{voila_url}/voila/render/{nb.name}", wait_until="domcontentloaded",
              timeout=120_000)
    n = expected_explorers(nb)
    page.wait_for_function(
        """(n) => { const e = [...document.querySelectorAll('.explorer')];
             return e.length >= n && e.every(x => {
               const i = x.querySelector('img.explorer-figure');
               return i && i.complete && i.naturalWidth > 0; }); }""", arg=n, timeout=180_000)
    page.wait_for_timeout(300)  # layout settles (fonts, images)
    return context, page, n


#: JS: geometry of one explorer (height, page top offset, elements past the viewport's sides,
#: the smallest panel/title font, controls smaller than 24 × 24 px).
GEOMETRY_JS = """(el) => {
  const vw = document.documentElement.clientWidth;
  const r = el.getBoundingClientRect();
  const over = [];
  el.querySelectorAll('*').forEach(c => {
    if (c.closest('.noUi-base')) return;  // the slider's internal, translated track parts
    const q = c.getBoundingClientRect();
    if (q.width > 0 && q.height > 0 && (q.right > vw + 0.5 || q.left < -0.5))
      over.push(`${c.tagName}.${String(c.className).split(' ').slice(-1)} `
                + `${Math.round(q.left)}..${Math.round(q.right)}`);
  });
  const fonts = [...el.querySelectorAll('.explorer-title, .explorer-panel .widget-html-content,'
                                      + ' .explorer-description .widget-html-content')]
    .filter(e => e.innerText.trim()).map(e => parseFloat(getComputedStyle(e).fontSize));
  const small = [];
  el.querySelectorAll('button, select, input, .noUi-handle').forEach(c => {
    const q = c.getBoundingClientRect();
    if (q.width === 0 || c.closest('[style*="display: none"]')) return;
    const box = c.type === 'checkbox' ? c.closest('label').getBoundingClientRect() : q;
    if (box.width < 24 || box.height < 24)
      small.push(`${c.tagName}${c.type ? '[' + c.type + ']' : ''} `
                 + `${Math.round(box.width)}x${Math.round(box.height)}`);
  });
  return {height: r.height, top: document.querySelector('body').getBoundingClientRect().top,
          over, minFont: Math.min(...fonts), small};
}"""


def page_top_offset(page) -> float:
    """The space above the first content in Voilà (body margin + padding of the page)."""
    return page.evaluate("""() => { const m = document.querySelector('.jp-Cell, .jp-Notebook')
        || document.body; const s = getComputedStyle(document.body);
        return parseFloat(s.marginTop) + parseFloat(s.paddingTop); }""")


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_explorer_fits_a_projector_screen(browser, voila_url, nb):
    context, page, n = open_all(browser, voila_url, nb, PROJECTOR)
    try:
        top = page_top_offset(page)
        problems = []
        for i in range(n):
            explorer = page.locator(".explorer").nth(i)
            explorer.scroll_into_view_if_needed()
            geo = explorer.evaluate(GEOMETRY_JS)
            explorer.screenshot(path=str(ARTIFACTS / f"{nb.stem}-explorer{i}-1024x768.png"))
            if geo["height"] > PROJECTOR[1] - top:
                problems.append(f"explorer {i} is {geo['height']:.0f} px tall "
                                f"(screen {PROJECTOR[1]} - {top:.0f} px above)")
            if geo["over"]:
                problems.append(f"explorer {i} runs off the side: {geo['over'][:3]}")
            if geo["minFont"] < 14:
                problems.append(f"explorer {i}: panel/title text {geo['minFont']} px < 14 px")
            if geo["small"]:
                problems.append(f"explorer {i}: targets under 24 x 24 px: {geo['small'][:4]}")
        assert not problems, f"{nb.name}: " + "; ".join(problems)
    finally:
        context.close()


#: The phone style draws every figure text at >= 10 pt on a figure at most 500 px wide
#: (tests/test_phone.py); shown at ``ratio`` of its drawn width that is 10 * 100/72 * ratio CSS px.
PHONE_FIGURE_MAX_PX = 500
MIN_RATIO = 10 / (10 * 100 / 72)


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: p.stem)
def test_nothing_runs_off_a_phone(browser, voila_url, nb):
    context, page, n = open_all(browser, voila_url, nb, PHONE)
    try:
        problems = []
        # the page presses each explorer's "Phone figure" button: every figure is redrawn narrow
        try:
            page.wait_for_function(
                """(w) => [...document.querySelectorAll('img.explorer-figure')]
                     .every(i => i.complete && i.naturalWidth > 0 && i.naturalWidth <= w)""",
                arg=PHONE_FIGURE_MAX_PX, timeout=60_000)
        except Exception:
            pass  # reported below, figure by figure
        sizes = page.evaluate("""() => [...document.querySelectorAll('img.explorer-figure')]
            .map(i => [i.naturalWidth, i.getBoundingClientRect().width])""")
        for i, (natural, shown) in enumerate(sizes):
            if natural > PHONE_FIGURE_MAX_PX:
                problems.append(f"explorer {i}: the figure is {natural} px wide, not the phone "
                                f"figure (<= {PHONE_FIGURE_MAX_PX} px)")
            elif shown / natural < MIN_RATIO:
                problems.append(f"explorer {i}: figure text {10 * 100 / 72 * shown / natural:.1f}"
                                " CSS px < 10")
        page_width = page.evaluate("() => document.documentElement.scrollWidth")
        if page_width > PHONE[0]:
            problems.append(f"the page scrolls sideways ({page_width} px wide)")
        for i in range(n):
            explorer = page.locator(".explorer").nth(i)
            explorer.scroll_into_view_if_needed()
            geo = explorer.evaluate(GEOMETRY_JS)
            explorer.screenshot(path=str(ARTIFACTS / f"{nb.stem}-explorer{i}-390x844.png"))
            if geo["over"]:
                problems.append(f"explorer {i} runs off the screen: {geo['over'][:3]}")
            if geo["small"]:
                problems.append(f"explorer {i}: targets under 24 x 24 px: {geo['small'][:4]}")
            # label, slider and value stack: the typed value sits under its slider
            stacked = explorer.evaluate("""(el) => [...el.querySelectorAll('.explorer-slider-row')]
                .every(r => { const s = r.querySelector('.widget-hslider').getBoundingClientRect();
                              const t = r.querySelector('.explorer-twin').getBoundingClientRect();
                              return t.top >= s.bottom - 1; })""")
            if not stacked:
                problems.append(f"explorer {i}: slider and typed value side by side on a phone")
        assert not problems, f"{nb.name}: " + "; ".join(problems)
    finally:
        context.close()


def test_projector_toggle_redraws_in_the_slide_style_with_large_text(browser, voila_url):
    nb = next(p for p in NOTEBOOKS if p.stem.startswith("00"))
    context, page, _ = open_all(browser, voila_url, nb, PROJECTOR)
    try:
        explorer = page.locator(".explorer").first
        before = explorer.evaluate("el => el.querySelector('img.explorer-figure').naturalWidth")
        explorer.get_by_role("button", name="Projector").click()
        page.wait_for_function(
            "([el, w]) => el.classList.contains('explorer-projector') &&"
            " el.querySelector('img.explorer-figure').naturalWidth > w",
            arg=[explorer.element_handle(), before], timeout=20_000)
        geo = explorer.evaluate(GEOMETRY_JS)
        assert geo["minFont"] >= 18, f"projector text {geo['minFont']} px < 18 px"
        explorer.screenshot(path=str(ARTIFACTS / f"{nb.stem}-explorer0-projector.png"))
        explorer.get_by_role("button", name="Projector").click()
        page.wait_for_function(
            "([el, w]) => !el.classList.contains('explorer-projector') &&"
            " el.querySelector('img.explorer-figure').naturalWidth === w",
            arg=[explorer.element_handle(), before], timeout=20_000)
    finally:
        context.close()
