"""Fixtures for the static pages and offline decks: built once into a tmp dir, opened from
file:// in a browser context that refuses every request that is not file:, data: or localhost.
The site's decks are built from the slide-style copies of ``make slides`` (build/slides-src)
when they are there, as ``make site`` does; otherwise from the stored notebooks.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import PageErrors, refuse_external

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "assets" / "vendor" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
#: axe on one element (a deck's current slide) or the document; critical and serious only.
RUN_AXE = """async ([selector, tags]) => {
  const ctx = selector ? document.querySelector(selector) : document;
  const r = await axe.run(ctx, {runOnly: {type: 'tag', values: tags},
                                resultTypes: ['violations']});
  return r.violations.filter(v => v.impact === 'critical' || v.impact === 'serious')
    .map(v => `${v.impact} ${v.id} (${v.nodes.length}): ` +
              v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '));
}"""


@pytest.fixture(scope="session")
def static_site(tmp_path_factory) -> Path:
    from tools import build_site

    out = tmp_path_factory.mktemp("static-site")
    build_site.build_site(out)
    return out


@pytest.fixture
def offline_page(browser):
    """A 1280x720 page (a projector) with the network blocked except local files and localhost.

    ``page.errors`` (conftest.PageErrors) records every refused request, console error and
    page error; ``page.errors.assert_clean()`` fails on any (nothing is ignored).
    """
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    pg = context.new_page()
    pg.errors = PageErrors(pg)
    refuse_external(context, pg.errors)
    yield pg
    context.close()


def axe_violations(page, selector: str | None = None) -> list[str]:
    """Critical and serious WCAG 2.2 AA violations on the page (or inside ``selector``)."""
    if not page.evaluate("() => !!window.axe"):
        page.add_script_tag(path=str(AXE))
    return page.evaluate(RUN_AXE, [selector, AXE_TAGS])
