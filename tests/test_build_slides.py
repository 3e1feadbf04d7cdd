"""The offline slide decks (tools/build_slides.py): one per notebook, every slide, every figure."""

import re
import sys
from html.parser import HTMLParser

import pytest
from conftest import NOTEBOOKS, ROOT, load_notebook

sys.path.insert(0, str(ROOT / "tools"))
import build_slides  # noqa: E402



class Sections(HTMLParser):
    """Counts reveal.js slides: top-level <section>s and leaf (vertical) <section>s."""

    def __init__(self):
        super().__init__()
        self.depth = 0
        self.top = 0
        self.leaf = 0
        self.imgs: list[dict] = []

    def handle_starttag(self, tag, attrs):
        if tag == "section":
            self.depth += 1
            if self.depth == 1:
                self.top += 1
            else:
                self.leaf += 1
        elif tag == "img":
            self.imgs.append(dict(attrs))

    def handle_endtag(self, tag):
        if tag == "section":
            self.depth -= 1


def expected_slides(stem: str) -> tuple[int, int]:
    """(slides, slides + sub-slides) as the author wrote them in the paired Markdown."""
    import jupytext

    md = jupytext.read(ROOT / "notebooks" / f"{stem}.md")
    kinds = [c.metadata.get("slideshow", {}).get("slide_type") for c in md.cells]
    slides = kinds.count("slide")
    return slides, slides + kinds.count("subslide")


def explorer_images(nb_path) -> int:
    """How many Image models are reachable from the widget views the notebook displays."""
    nb = load_notebook(nb_path)
    state = nb["metadata"]["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    seen, n = set(), 0

    def walk(mid):
        nonlocal n
        mid = mid.removeprefix("IPY_MODEL_")
        if mid in seen or mid not in state:
            return
        seen.add(mid)
        m = state[mid]
        n += m["model_name"] == "ImageModel"
        for child in m["state"].get("children", []):
            walk(child)

    for cell in nb["cells"]:
        for out in cell.get("outputs", []):
            view = out.get("data", {}).get("application/vnd.jupyter.widget-view+json")
            if view:
                walk(view["model_id"])
    return n


@pytest.fixture(scope="module")
def decks(tmp_path_factory):
    out = tmp_path_factory.mktemp("slides")
    return {nb.stem: build_slides.build_deck(nb, out) for nb in NOTEBOOKS}


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: p.stem)
def test_deck_has_every_slide_and_every_figure(decks, nb):
    body = decks[nb.stem].read_text(encoding="utf-8")
    parser = Sections()
    parser.feed(body)
    n_slides, n_leaf = expected_slides(nb.stem)
    assert (parser.top, parser.leaf) == (n_slides, n_leaf), (
        f"{nb.stem}: deck has {parser.top} slides / {parser.leaf} slides+subslides, "
        f"source has {n_slides} / {n_leaf}")
    figures = [i for i in parser.imgs if "explorer-figure" in i.get("class", "")]
    expected = explorer_images(nb)
    assert expected >= 1
    assert len(figures) == expected, f"{nb.stem}: {len(figures)} explorer figures, want {expected}"
    for img in figures:
        assert img["src"].startswith(
            ("data:image/png;base64,iVBOR", "data:image/jpeg;base64,/9j/")), (
            "figure is not an inline PNG or JPEG")
        assert len(img.get("alt", "")) > 20, f"figure without a useful alt text: {img.get('alt')!r}"


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: p.stem)
def test_deck_is_offline_and_hides_code(decks, nb):
    body = decks[nb.stem].read_text(encoding="utf-8")
    assert build_slides.check_offline(body) == [], "the deck would fetch from the network"
    assert "Reveal.initialize" in body and "RevealNotes" in body
    assert "unpkg.com" not in body and "require.js" not in body
    assert "jp-CodeMirrorEditor jp-Editor" not in body, "code cells must be hidden in the deck"
    assert "application/vnd.jupyter.widget-state+json" not in body
    assert "Traceback" not in body


def test_inline_math_rule_leaves_prices_alone():
    src = "$K_C < K_N$ costs $475,000 in B-ALL and $373,000 in lymphoma"
    out = build_slides._INLINE_MATH.sub("MATH", src)
    assert out == "MATH costs $475,000 in B-ALL and $373,000 in lymphoma"


def test_static_widget_renders_an_explorer_with_alt_text():
    nb = load_notebook(NOTEBOOKS[0])
    state = nb["metadata"]["widgets"]["application/vnd.jupyter.widget-state+json"]
    sw = build_slides.StaticWidgets(state)
    view = next(o["data"]["application/vnd.jupyter.widget-view+json"]["model_id"]
                for c in nb["cells"] for o in c.get("outputs", [])
                if "application/vnd.jupyter.widget-view+json" in o.get("data", {}))
    out = sw.render(view)
    assert sw.images == 1 and not sw.unknown
    assert "explorer-figure" in out and "Settings shown" in out
    alt = re.search(r'alt="([^"]+)"', out).group(1)
    assert "day" in alt.lower()
