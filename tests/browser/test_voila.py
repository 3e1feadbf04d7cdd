"""Every notebook in Voilà: renders with no errors; every control works from the keyboard."""

import math

import pytest
from conftest import ARTIFACTS, NOTEBOOKS, ROOT
from drive import controls, follow_first_citation, operate, signature, wait_changed, wait_rendered

from explainer.widgets.layout import parse_number

pytestmark = pytest.mark.browser


def _open(page, voila_url, nb):
    page.goto(f"{voila_url}/voila/render/{nb.name}", wait_until="domcontentloaded",
              timeout=120_000)
    n = wait_rendered(page)
    return n


def _assert_no_kernel_errors(page):
    stderr = page.locator("[data-mime-type='application/vnd.jupyter.stderr']")
    assert stderr.count() == 0, f"kernel stderr in page: {stderr.all_inner_texts()}"
    errors = page.locator(".jp-RenderedText[data-mime-type='application/vnd.jupyter.error']")
    assert errors.count() == 0, f"error outputs in page: {errors.all_inner_texts()}"
    status = [t for t in page.locator(".explorer-status").all_inner_texts() if t.strip()]
    assert not status, f"explorer status messages: {status}"


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_renders_and_every_control_works_from_the_keyboard(page, voila_url, nb):
    n = _open(page, voila_url, nb)
    assert n >= 1, f"{nb.name}: no explorer rendered"
    page.screenshot(path=str(ARTIFACTS / f"{nb.stem}-voila-initial.png"), full_page=True)
    for i in range(n):
        explorer = page.locator(".explorer").nth(i)
        explorer.scroll_into_view_if_needed()
        for kind, control in controls(explorer):
            before = signature(explorer)
            what = operate(kind, control, page)
            try:
                wait_changed(explorer, before)
            except Exception as exc:  # noqa: BLE001 - re-raise with context
                page.screenshot(path=str(ARTIFACTS / f"{nb.stem}-voila-failure.png"),
                                full_page=True)
                raise AssertionError(f"{nb.name} explorer {i}: {what} did not update both the "
                                     f"figure and the description") from exc
    _assert_no_kernel_errors(page)
    page.screenshot(path=str(ARTIFACTS / f"{nb.stem}-voila-final.png"), full_page=True)
    # a reader who follows "Maude et al. 2018" lands on its entry in the reference list
    follow_first_citation(page)
    page.errors.assert_clean()


def test_journey_day_slider_by_keyboard(page, voila_url):
    _open(page, voila_url, NOTEBOOKS[0])
    explorer = page.locator(".explorer").first
    handle = explorer.locator(".noUi-handle").first
    before = signature(explorer)
    day = int(float(handle.get_attribute("aria-valuenow")))
    handle.focus()
    page.keyboard.press("ArrowRight")
    after = wait_changed(explorer, before)
    assert f"day +{day + 1}" in after[1] or (day == -1 and "infusion day" in after[1])
    # typing into the numeric twin
    twin = explorer.locator(".explorer-twin input")
    twin.fill("28")
    twin.press("Enter")
    after2 = wait_changed(explorer, after)
    assert "day +28" in after2[1]
    # a bad value is refused with a visible message, the figure keeps its state
    twin.fill("abc")
    twin.press("Enter")
    page.wait_for_function(
        "() => document.querySelector('.explorer-status').innerText.includes('must be')")
    assert signature(explorer) == after2
    page.errors.assert_clean()
    page.screenshot(path=str(ARTIFACTS / "00_start_here-voila-day28.png"))


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: p.stem)
def test_burst_of_ten_changes_ends_on_the_final_value(page, voila_url, nb):
    """10 arrow keys at ~30 Hz on every explorer's first slider: no stale frame, no lost update.

    After the burst settles, the slider, its twin, the description and the figure must all show
    the final value: stepping away and back to that value must give the same PNG bytes
    (rendering is deterministic) and the same description.
    """
    from drive import IMAGE_HASH_JS, settle

    n = _open(page, voila_url, nb)
    checked = 0
    for i in range(n):
        explorer = page.locator(".explorer").nth(i)
        handles = [c for k, c in controls(explorer) if k == "slider"]
        if not handles:
            continue
        handle = handles[0]
        explorer.scroll_into_view_if_needed()
        handle.focus()
        lo, hi = float(handle.get_attribute("aria-valuemin")), float(
            handle.get_attribute("aria-valuemax"))
        key = "ArrowLeft" if float(handle.get_attribute("aria-valuenow")) > (lo + hi) / 2 \
            else "ArrowRight"
        for _ in range(10):
            page.keyboard.press(key)
            page.wait_for_timeout(33)
        final = settle(explorer)
        value = handle.get_attribute("aria-valuenow")
        twin = explorer.locator(".explorer-twin input").first
        typed = parse_number(twin.input_value())  # "1.78 × 10⁸" as students read it
        # a log slider's aria-valuenow is the exponent; its twin shows the value itself
        log_slider = typed > 0 and abs(math.log10(typed) - float(value)) < 2e-3
        assert typed == pytest.approx(float(value), rel=1e-3, abs=1e-9) or log_slider, (
            f"{nb.name} explorer {i}: twin {typed} != slider {value}")
        image = explorer.evaluate(IMAGE_HASH_JS)
        back = "ArrowRight" if key == "ArrowLeft" else "ArrowLeft"
        page.keyboard.press(back)
        wait_changed(explorer, final)
        page.keyboard.press(key)
        again = settle(explorer)
        assert again[1] == final[1], f"{nb.name} explorer {i}: description was stale"
        assert explorer.evaluate(IMAGE_HASH_JS) == image, f"{nb.name} explorer {i}: stale figure"
        checked += 1
    assert checked >= 1, f"{nb.name}: no slider to burst"
    page.errors.assert_clean()


def test_app_view_loads_only_the_extensions_it_needs_and_typesets_math(page, voila_url):
    """voila.json keeps RISE, Pygments and the Lab-only extensions out of the app view
    (0.7 s less before the first figure); the equations of notebook 04 are still typeset."""
    import json

    denied = json.loads((ROOT / "voila.json").read_text())["VoilaConfiguration"][
        "extension_denylist"]
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    nb = next(p for p in NOTEBOOKS if p.stem.startswith("04"))
    _open(page, voila_url, nb)
    loaded = [u for u in requested if "/lab/extensions/" in u or "labextensions" in u]
    assert any("jupyterlab-manager" in u or "widgets" in u for u in requested)
    for name in denied:
        assert not [u for u in loaded if f"/{name}/" in u], f"{name} was loaded: {loaded}"
    assert page.locator("mjx-container").count() >= 2, "the equations were not typeset"
    page.errors.assert_clean()
