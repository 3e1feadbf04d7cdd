"""The static site (tools/build_site.py): every page, every link and image resolves offline."""

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from conftest import NOTEBOOKS
from test_build_slides import explorer_images

from tools import build_site, build_slides


class Refs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.imgs: list[dict] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "img":
            self.imgs.append(a)
        elif tag in ("script", "link") and (a.get("src") or a.get("href")):
            self.links.append(a.get("src") or a.get("href"))


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site")
    build_site.build_site(out)
    return out


def test_every_page_and_deck_exists_and_the_index_links_them(site):
    index = (site / "index.html").read_text(encoding="utf-8")
    for nb in NOTEBOOKS:
        assert (site / f"{nb.stem}.html").is_file()
        assert (site / "slides" / f"{nb.stem}.slides.html").is_file()
        assert f"href='{nb.stem}.html'" in index
        assert f"href='slides/{nb.stem}.slides.html'" in index


def _pages(site):
    return sorted(site.rglob("*.html"))


def test_every_local_link_and_image_resolves(site):
    problems = []
    for page in _pages(site):
        refs = Refs()
        refs.feed(page.read_text(encoding="utf-8"))
        for href in refs.links + [i.get("src", "") for i in refs.imgs]:
            url = urlparse(href)
            if url.scheme in ("http", "https", "mailto", "data") or href.startswith("#"):
                continue
            if not url.path:
                continue
            target = (page.parent / unquote(url.path)).resolve()
            if not target.exists():
                problems.append(f"{page.relative_to(site)} -> {href}")
        for img in refs.imgs:
            if not img.get("alt"):
                problems.append(f"{page.relative_to(site)}: <img> without alt text")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_explorer_figure_is_an_image_and_the_page_is_offline(site, nb):
    body = (site / f"{nb.stem}.html").read_text(encoding="utf-8")
    refs = Refs()
    refs.feed(body)
    figures = [i for i in refs.imgs if "explorer-figure" in i.get("class", "")]
    assert len(figures) == explorer_images(nb) >= 1
    assert all(i["src"].startswith(("data:image/png;base64,iVBOR", "data:image/jpeg;base64,/9j/",
                                    "data:image/gif;base64,R0lG")) for i in figures)
    assert build_slides.check_offline(body) == []
    assert not re.search(r"cdn\.jsdelivr|unpkg\.com|cdnjs", body)
    assert "application/vnd.jupyter.widget-state+json" not in body


def test_site_decks_come_from_the_slide_style_copies(tmp_path):
    """make site builds decks from build/slides-src (CART_STYLE=slides); a marker cell added to
    such a copy shows up in the deck and not in the page."""
    import nbformat

    src = tmp_path / "src"
    src.mkdir()
    nb_path = NOTEBOOKS[0]
    nb = nbformat.read(nb_path, as_version=4)
    nb.cells.append(nbformat.v4.new_markdown_cell("SLIDE-STYLE-COPY-MARKER"))
    nbformat.write(nb, src / nb_path.name)
    out = tmp_path / "site"
    build_site.build_site(out, src)
    assert "SLIDE-STYLE-COPY-MARKER" in (out / "slides" / f"{nb_path.stem}.slides.html").read_text()
    assert "SLIDE-STYLE-COPY-MARKER" not in (out / f"{nb_path.stem}.html").read_text()
