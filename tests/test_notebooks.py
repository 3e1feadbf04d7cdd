"""Notebook hygiene: clean stored run, slideshow metadata, one H1, no absolute paths, in sync."""

import json
import re
import shutil
import subprocess
import sys

import jupytext
import pytest
from conftest import NOTEBOOKS, ROOT, load_notebook

EXPECTED = ["00_start_here", "01_collection", "02_engineering", "03_expansion", "04_infusion",
            "05_persistence", "06_outcomes"]
SLIDE_TYPES = {"slide", "subslide", "fragment", "skip", "notes", "-"}


def test_first_notebook_exists():
    assert (ROOT / "notebooks" / "00_start_here.ipynb").exists()


def test_notebook_names_follow_the_map():
    for path in NOTEBOOKS:
        assert path.stem in EXPECTED, f"unexpected notebook {path.name}"


@pytest.fixture(params=NOTEBOOKS, ids=lambda p: p.name)
def nb(request):
    return request.param, load_notebook(request.param)


def test_no_error_or_stderr_outputs(nb):
    path, data = nb
    for cell in data["cells"]:
        for out in cell.get("outputs", []):
            assert out["output_type"] != "error", f"{path.name}: stored error output"
            assert out.get("name") != "stderr", f"{path.name}: stored stderr: {out.get('text')}"


def test_stored_from_a_clean_in_order_run(nb):
    path, data = nb
    counts = [c.get("execution_count") for c in data["cells"] if c["cell_type"] == "code"]
    assert counts and None not in counts, f"{path.name}: not executed (make execute)"
    assert counts == list(range(1, len(counts) + 1)), f"{path.name}: counts {counts}"


def test_every_cell_has_slideshow_metadata(nb):
    path, data = nb
    for i, cell in enumerate(data["cells"]):
        st = cell.get("metadata", {}).get("slideshow", {}).get("slide_type")
        assert st in SLIDE_TYPES, f"{path.name} cell {i}: slide_type {st!r}"
    assert data["cells"][0]["metadata"]["slideshow"]["slide_type"] == "slide"
    assert "rise" in data["metadata"], "RISE settings missing from notebook metadata"


def test_exactly_one_h1_and_it_comes_first(nb):
    path, data = nb
    h1 = []
    for i, cell in enumerate(data["cells"]):
        if cell["cell_type"] != "markdown":
            continue
        text = re.sub(r"```.*?```", "", "".join(cell["source"]), flags=re.S)
        h1 += [(i, ln) for ln in text.splitlines() if re.match(r"^#\s", ln)]
    assert len(h1) == 1, f"{path.name}: H1 headings {h1}"
    assert h1[0][0] == 0


def test_headings_do_not_skip_levels(nb):
    path, data = nb
    last = 0
    for cell in data["cells"]:
        if cell["cell_type"] != "markdown":
            continue
        for ln in "".join(cell["source"]).splitlines():
            m = re.match(r"^(#{1,6})\s", ln)
            if m:
                level = len(m.group(1))
                assert level <= last + 1, f"{path.name}: heading jumps to h{level}: {ln!r}"
                last = level


def test_no_absolute_paths(nb):
    path, data = nb
    text = json.dumps(data)
    for pattern in [r"(?<![\w.])/(work|home|root|tmp|Users)/", r"\b[A-Z]:\\\\"]:
        assert not re.search(pattern, text), f"{path.name}: absolute path matching {pattern}"


def test_disclaimer_and_date_in_opening_cell(nb):
    path, data = nb
    first = "".join(data["cells"][0]["source"])
    assert "not medical advice" in first and re.search(r"20\d\d-\d\d-\d\d", first), path.name


def test_has_lesson_structure(nb):
    path, data = nb
    md = "\n".join("".join(c["source"]) for c in data["cells"] if c["cell_type"] == "markdown")
    code = "\n".join("".join(c["source"]) for c in data["cells"] if c["cell_type"] == "code")
    for heading in ["What you will learn", "Key takeaways", "For educators", "References"]:
        assert heading in md, f"{path.name}: missing section {heading!r}"
    assert "Quiz.load(" in code, f"{path.name}: no check-your-understanding question"
    assert re.search(r"\d+\s*min", md), f"{path.name}: objectives need time estimates"


def test_stored_notebook_matches_its_markdown_pair(nb):
    """The MyST Markdown file (what authors edit) and the stored notebook hold the same cells."""
    path, data = nb
    md = path.with_suffix(".md")
    assert md.exists(), f"{path.name} has no paired {md.name} (jupytext)"
    text = jupytext.read(md)
    assert len(text.cells) == len(data["cells"]), f"{path.name}: run make sync (jupytext --sync)"
    for c, stored in zip(text.cells, data["cells"], strict=True):
        assert c.cell_type == stored["cell_type"], f"{path.name}: run make sync"
        assert c.source == "".join(stored["source"]), (
            f"{path.name}: a cell differs from {md.name}; run make sync, then make execute")
        assert c.metadata.get("slideshow") == stored["metadata"].get("slideshow")
        assert c.metadata.get("tags", []) == stored["metadata"].get("tags", [])


def test_jupytext_sync_changes_nothing(tmp_path):
    """`jupytext --sync` on a copy of the notebooks (as on a fresh clone) rewrites no byte."""
    work = tmp_path / "repo"
    (work / "notebooks").mkdir(parents=True)
    shutil.copy(ROOT / "jupytext.toml", work / "jupytext.toml")
    for p in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.*")):
        shutil.copy(p, work / "notebooks" / p.name)
    mds = sorted(str(p) for p in (work / "notebooks").glob("*.md"))
    assert len(mds) == len(NOTEBOOKS)
    subprocess.run([sys.executable, "-m", "jupytext", "--sync", *mds], check=True,
                   capture_output=True, cwd=work)
    changed = [p.name for p in (work / "notebooks").iterdir()
               if p.read_bytes() != (ROOT / "notebooks" / p.name).read_bytes()]
    assert not changed, f"jupytext --sync changed {changed}: run make sync and commit"


def test_widget_state_is_saved_so_figures_show_without_a_kernel(nb):
    path, data = nb
    state = data["metadata"].get("widgets", {}).get(
        "application/vnd.jupyter.widget-state+json", {}).get("state", {})
    images = [m for m in state.values() if m.get("model_name") == "ImageModel"]
    assert images, f"{path.name}: no saved Image widget state (run make execute)"


def test_speaker_notes_are_hidden_from_students(nb):
    """Notes cells go to the deck's speaker view; in Lab (source_hidden) and Voilà (the
    `speaker-notes` tag, hidden by the explorer CSS) students do not see them."""
    path, data = nb
    for c in data["cells"]:
        if c["metadata"].get("slideshow", {}).get("slide_type") == "notes":
            assert "speaker-notes" in c["metadata"].get("tags", []), path.name
            assert c["metadata"].get("jupyter", {}).get("source_hidden") is True, path.name
