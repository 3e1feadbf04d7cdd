"""axe-core (vendored: assets/vendor/axe-core/axe.min.js, MPL-2.0) on every Voilà page: no
critical or serious WCAG 2.2 AA violation in the collection's own content, and the explorers'
own accessibility contract: every slider handle and typed value named after its control, one
persistent role=status region per explorer, a figure text alternative that follows the figure.

Excluded (third-party chrome we cannot change): nothing on the Voilà page today. Add a
selector to EXCLUDE only with the reason next to it.
"""

import pytest
from conftest import NOTEBOOKS, ROOT
from drive import signature, wait_changed
from test_layout import PROJECTOR, open_all

pytestmark = pytest.mark.browser

AXE = ROOT / "assets" / "vendor" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
#: CSS selectors axe skips, each with why (none needed: Voilà's own page has no violations).
EXCLUDE: list[str] = []

RUN_AXE = """async ([tags, exclude]) => {
  const r = await axe.run({exclude: exclude.map(s => [s])},
                          {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
  return r.violations.filter(v => v.impact === 'critical' || v.impact === 'serious')
    .map(v => `${v.impact} ${v.id} (${v.nodes.length}): ` +
              v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '));
}"""


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_serious_axe_violation(browser, voila_url, nb):
    context, page, _ = open_all(browser, voila_url, nb, PROJECTOR)
    try:
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate(RUN_AXE, [TAGS, EXCLUDE])
        assert not violations, f"{nb.name}: " + "\n".join(violations)
    finally:
        context.close()


NAMES_JS = """(el) => {
  const name = (e) => e.getAttribute('aria-label') ||
      (e.id && document.querySelector(`label[for="${e.id}"]`)?.textContent) || '';
  return {
    sliders: [...el.querySelectorAll('.explorer-slider-row')].map(r => [
      r.querySelector('.widget-hslider > .widget-label').textContent.replace(/[:\\s]+$/, ''),
      name(r.querySelector('.noUi-handle')), name(r.querySelector('.explorer-twin input'))]),
    live: [...el.querySelectorAll('[role=status], [aria-live]')].map(e => e.className),
    alt: el.querySelector('img.explorer-figure').getAttribute('alt'),
    text: el.querySelector('.explorer-description').innerText.trim(),
  };
}"""


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_control_is_named_and_the_live_region_stays(browser, voila_url, nb):
    context, page, n = open_all(browser, voila_url, nb, PROJECTOR)
    try:
        for i in range(n):
            explorer = page.locator(".explorer").nth(i)
            info = explorer.evaluate(NAMES_JS)
            for label, handle, twin in info["sliders"]:
                assert handle == label, f"{nb.name} explorer {i}: slider {label!r} named {handle!r}"
                assert label in twin and twin != label, (
                    f"{nb.name} explorer {i}: typed value of {label!r} named {twin!r}")
            assert info["live"] == ["widget-html-content"], (
                f"{nb.name} explorer {i}: live regions {info['live']} (want one, the "
                "description's stable container)")
            assert info["alt"] == info["text"], f"{nb.name} explorer {i}: alt != description"
        # the live region is the same element after an update, and the alt text follows
        explorer = page.locator(".explorer").first
        explorer.evaluate("el => { window.__live = el.querySelector('[role=status]'); }")
        before = signature(explorer)
        control = explorer.locator(".noUi-handle, select").first
        control.focus()
        page.keyboard.press("ArrowRight" if control.evaluate(
            "e => e.tagName") != "SELECT" else "ArrowDown")
        after = wait_changed(explorer, before)
        assert explorer.evaluate(
            "el => el.querySelector('[role=status]') === window.__live"), "live region replaced"
        page.wait_for_function(
            "([el, t]) => el.querySelector('img.explorer-figure').alt === t",
            arg=[explorer.element_handle(), after[1]], timeout=5_000)
    finally:
        context.close()
