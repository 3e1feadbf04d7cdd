"""JupyterLab smoke test: open the first notebook, run all cells, the explorer works."""

import pytest
from conftest import ARTIFACTS
from drive import signature, wait_changed, wait_rendered

pytestmark = pytest.mark.browser


def test_first_notebook_runs_in_jupyterlab(page, lab_url):
    url, token = lab_url
    page.goto(f"{url}/lab/tree/notebooks/00_start_here.ipynb?token={token}",
              wait_until="domcontentloaded", timeout=120_000)
    page.wait_for_selector(".jp-NotebookPanel", timeout=120_000)
    page.wait_for_function(
        "() => window.jupyterapp && document.querySelector('.jp-Notebook-ExecutionIndicator')"
        " && document.querySelector('.jp-Notebook-ExecutionIndicator')"
        ".getAttribute('data-status') === 'idle'", timeout=120_000)
    page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
    # stored outputs are replaced by live ones; wait for a live explorer
    wait_rendered(page)
    page.wait_for_function(
        "() => document.querySelector('.jp-Notebook-ExecutionIndicator')"
        ".getAttribute('data-status') === 'idle'", timeout=120_000)
    explorer = page.locator(".explorer").first
    before = signature(explorer)
    explorer.locator(".noUi-handle").first.focus()
    page.keyboard.press("ArrowRight")
    wait_changed(explorer, before)
    errors = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")
    assert errors.count() == 0, errors.all_inner_texts()
    page.screenshot(path=str(ARTIFACTS / "00_start_here-lab.png"))
    page.errors.assert_clean()
