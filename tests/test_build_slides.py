"""The offline slide decks (tools/build_slides.py): one per notebook, every slide, every figure."""

import re
from html.parser import HTMLParser

import pytest
from conftest import NOTEBOOKS, ROOT, load_notebook

from tools import build_slides


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
            ("data:image/png;base64,iVBOR", "data:image/jpeg;base64,/9j/",
             "data:image/gif;base64,R0lG")), "figure is not an inline PNG, JPEG or GIF"
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


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_stored_widget_output_carries_its_static_fallback(nb):
    """Each widget view is stored with a text/html fallback: an <img> with a real text
    alternative (explorers and scenes) or the question and its options (quizzes)."""
    data = load_notebook(nb)
    n = 0
    for cell in data["cells"]:
        for out in cell.get("outputs", []):
            d = out.get("data", {})
            if "application/vnd.jupyter.widget-view+json" not in d:
                continue
            n += 1
            fallback = "".join(d.get("text/html", ""))
            assert fallback, f"{nb.name}: a widget output without a static fallback"
            if "quiz-static" in fallback:
                assert "<li>" in fallback and "Feedback" in fallback
                continue
            img = re.search(r"<img class='explorer-figure' src='data:image/(jpeg|png|gif);"
                            r"base64,[A-Za-z0-9+/=]{100,}' alt='([^']{20,})'", fallback)
            assert img, f"{nb.name}: fallback without a figure and a useful alt text"
            assert "Settings shown" in fallback
    assert n >= 2, f"{nb.name}: expected explorers and quizzes"


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: p.stem)
def test_plain_nbconvert_without_widget_state_shows_every_figure(nb):
    """As GitHub or nbviewer show a notebook with no widget JavaScript: the stored fallback."""
    import nbformat
    from nbconvert import HTMLExporter

    note = nbformat.read(nb, as_version=4)
    note.metadata.pop("widgets", None)
    body, _ = HTMLExporter().from_notebook_node(note)
    parser = Sections()
    parser.feed(body)
    figures = [i for i in parser.imgs if "explorer-figure" in i.get("class", "")]
    assert len(figures) == explorer_images(nb) >= 1
    assert all(len(i.get("alt", "")) > 20 for i in figures)


def test_math_alt_text_is_words_not_tex():
    img = build_slides.math_img(r"K_C < K_N", display=False)
    alt = re.search(r'alt="([^"]*)"', img).group(1)
    assert alt == "Formula: K sub C is less than K sub N"
    words = build_slides.tex_words(r"\frac{dN}{dt} = -r_N N \ln\frac{N+C}{K_N}")
    assert words == "dN over dt equals minus r sub N N ln (N plus C) over (K sub N)"
    assert "\\" not in build_slides.tex_words(r"\gamma_B B \frac{C}{k_B + C}\qquad x")


def test_every_stored_image_has_a_real_text_alternative(decks):
    """No nbconvert default ("No description has been provided") and no bare "Figure: ..."
    for a drawn diagram: 06's checkpoint-versus-CAR figure carries its diagram's description."""
    for stem, path in decks.items():
        body = path.read_text(encoding="utf-8")
        assert "No description has been provided" not in body, stem
    body = decks["06_outcomes"].read_text(encoding="utf-8")
    parser = Sections()
    parser.feed(body)
    alts = [i.get("alt", "") for i in parser.imgs if "stored-figure" in i.get("class", "")]
    assert any("checkpoint inhibitor" in a and "CAR-T cell" in a for a in alts), alts


def test_deck_script_navigates_linearly_and_paginates(decks):
    body = decks["00_start_here"].read_text(encoding="utf-8")
    assert 'navigationMode: "linear"' in body
    assert "cartDeck.start(" in body and "cart-continued" in body
    assert 'class="anchor-link"' not in body, "heading permalinks are tiny targets in a deck"
