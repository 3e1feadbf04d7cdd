"""Fixtures for the static pages and offline decks: built once into a tmp dir, opened from
file:// in a browser context that refuses every request that is not file:, data: or localhost.
"""

from __future__ import annotations

import sys
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def static_site(tmp_path_factory) -> Path:
    sys.path.insert(0, str(ROOT / "tools"))
    import build_site

    out = tmp_path_factory.mktemp("static-site")
    build_site.build_site(out)
    return out


def _local(url: str) -> bool:
    u = urlparse(url)
    return u.scheme in ("file", "data", "blob") or u.hostname in ("127.0.0.1", "localhost")


@pytest.fixture
def offline_page(browser):
    """A 1280x720 page (a projector) with the network blocked except local files and localhost.

    ``page.blocked`` lists every request that was refused; ``page.errors`` collects console and
    page errors (nothing is ignored here: the static pages must need no network at all).
    """
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    blocked: list[str] = []

    def route(r):
        if _local(r.request.url):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    pg = context.new_page()
    pg.blocked = blocked
    pg.errors = []
    pg.on("console", lambda m: m.type == "error" and pg.errors.append(m.text))
    pg.on("pageerror", lambda exc: pg.errors.append(str(exc)))
    yield pg
    context.close()
