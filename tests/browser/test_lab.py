"""Every notebook in JupyterLab: opens, runs all cells with no errors, every control works,
and a citation link scrolls to its entry in the reference list."""

import pytest
from conftest import ARTIFACTS, NOTEBOOKS
from drive import controls, follow_first_citation, operate, signature, wait_changed, wait_rendered

pytestmark = pytest.mark.browser

IDLE = ("() => { const s = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) "
        ".jp-Notebook-ExecutionIndicator');"
        " return s && s.getAttribute('data-status') === 'idle'; }")

KERNEL_READY = ("() => { const w = window.jupyterapp.shell.currentWidget;"
                " const k = w && w.sessionContext && w.sessionContext.session &&"
                " w.sessionContext.session.kernel;"
                " return !!k && k.connectionStatus === 'connected' && k.status === 'idle'; }")


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_in_jupyterlab(page, lab_url, nb):
    url, token = lab_url
    # a workspace of its own per test, reset: only this notebook is open
    page.goto(f"{url}/lab/workspaces/{nb.stem}/tree/notebooks/{nb.name}?reset&token={token}",
              wait_until="domcontentloaded", timeout=120_000)
    page.wait_for_selector(".jp-NotebookPanel", timeout=120_000)
    page.wait_for_function(f"() => window.jupyterapp && ({IDLE})() && ({KERNEL_READY})()",
                           timeout=120_000)
    # drop the stored outputs, then run everything: only live outputs remain
    # (fire and forget: evaluate would wait for the commands' promises without a timeout)
    page.evaluate("() => { window.jupyterapp.commands.execute('notebook:clear-all-cell-outputs')"
                  ".then(() => window.jupyterapp.commands.execute('notebook:run-all-cells')); }")
    n = wait_rendered(page)
    page.wait_for_function(f"() => ({IDLE})()", timeout=120_000)
    for i in range(n):
        explorer = page.locator(".explorer").nth(i)
        explorer.scroll_into_view_if_needed()
        for kind, control in controls(explorer):
            before = signature(explorer)
            what = operate(kind, control, page, lab=True)
            try:
                wait_changed(explorer, before)
            except Exception as exc:  # noqa: BLE001
                page.screenshot(path=str(ARTIFACTS / f"{nb.stem}-lab-failure.png"))
                raise AssertionError(f"{nb.name} explorer {i}: {what} did not update") from exc
    for sel in [".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']",
                ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.error']"]:
        errs = page.locator(sel)
        assert errs.count() == 0, f"{nb.name}: {errs.all_inner_texts()}"
    status = [t for t in page.locator(".explorer-status").all_inner_texts() if t.strip()]
    assert not status, f"{nb.name}: explorer status messages {status}"
    page.screenshot(path=str(ARTIFACTS / f"{nb.stem}-lab.png"))
    follow_first_citation(page, ".jp-NotebookPanel:not(.lm-mod-hidden)")
    page.errors.assert_clean()
