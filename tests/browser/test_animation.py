"""Scenes and the microscope in Voilà, driven as a user does: Play starts the frames, Pause stops
them (and the figure catches up with the slider), arrow keys on the frame slider step one frame,
"Next step" / "Previous step" jump key steps, Reset goes back to frame 0, a bad typed value is
refused with a clear message and changes nothing.

One Voilà server and one page for the module: a notebook with one scene of each of notebooks
02-05 and the microscope (05), so the whole module runs in well under two minutes.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat
import pytest
from conftest import ARTIFACTS, ROOT, PageErrors

from tools import servers

pytestmark = pytest.mark.browser

#: (module, class, title, key steps?) — one scene per notebook and the microscope
EXPLORERS = [
    ("explainer.widgets.scenes_engineering", "TcrCarScene", "TCR or CAR", True),       # 02
    ("explainer.widgets.scenes_expansion", "ActivationScene", "Activation and growth", True),
    ("explainer.widgets.scenes_infusion", "SynapseScene", "The immune synapse", True),  # 04
    ("explainer.widgets.scenes_persistence", "MemoryScene", "Memory and B-cell aplasia", True),
    ("explainer.widgets.microscope", "MicroscopeExplorer", "The microscope", False),    # 05
]

#: JS: [frame named by the description, slider value, slider max, figure src, loaded]
STATE_JS = r"""(root) => {
  const t = root.querySelector('.explorer-description').innerText;
  let shown = null, m = t.match(/frame (\d+) of (\d+)/);
  if (m) shown = Number(m[1]) - 1;
  else if ((m = t.match(/After ([\d.]+) hours/))) shown = Math.round(Number(m[1]) * 6);
  const h = root.querySelector('.explorer-play-row .noUi-handle');
  const img = root.querySelector('img.explorer-figure');
  return [shown, Number(h.getAttribute('aria-valuenow')), Number(h.getAttribute('aria-valuemax')),
          img.src, img.complete && img.naturalWidth > 0, t];
}"""


@pytest.fixture(scope="module")
def scenes_url():
    folder = Path(tempfile.mkdtemp(prefix="anim-test-"))
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(f"from {mod} import {cls}\n{cls}()")
                for mod, cls, _, _ in EXPLORERS]
    nbformat.write(nb, folder / "scenes.ipynb")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    log = open(ARTIFACTS / "voila-animation.log", "w")
    env = servers.app_env(ROOT) if hasattr(servers, "app_env") else None
    port = servers.free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "voila", str(folder), "--no-browser", f"--port={port}",
         "--Voila.ip=127.0.0.1", "--ServerApp.token="],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True, env=env)
    try:
        servers.wait_for_port(port, proc)
        yield f"http://127.0.0.1:{port}/voila/render/scenes.ipynb"
    finally:
        servers.stop(proc)
        log.close()


@pytest.fixture(scope="module")
def scenes_page(browser, scenes_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.errors = PageErrors(page)
    page.goto(scenes_url, wait_until="domcontentloaded", timeout=120_000)
    page.wait_for_function(
        "(n) => { const f = " + STATE_JS + ";"
        " const e = [...document.querySelectorAll('.explorer')];"
        " return e.length === n && e.every(r => { const s = f(r); return s[0] === 0 && s[4]; });"
        " }", arg=len(EXPLORERS), timeout=120_000)
    yield page
    page.errors.assert_clean()
    context.close()


def _explorer(page, title):
    return page.locator(".explorer").filter(
        has=page.locator(".explorer-title", has_text=title)).first


def state(explorer):
    return explorer.evaluate(STATE_JS)


def wait_state(explorer, predicate_js: str, timeout=15_000):
    """Wait until ``predicate_js`` (a JS expression over s = STATE_JS result) holds."""
    explorer.page.wait_for_function(
        f"(root) => {{ const s = ({STATE_JS})(root); return s[4] && ({predicate_js}); }}",
        arg=explorer.element_handle(), timeout=timeout)
    return state(explorer)


def shows(frame: int) -> str:
    """JS predicate: the description names ``frame`` and the slider is on it."""
    return f"s[0] === {frame} && s[1] === {frame}"


def reset(explorer):
    explorer.locator(".explorer-footer button", has_text="Reset").click()
    return wait_state(explorer, shows(0))


ids = [cls for _, cls, _, _ in EXPLORERS]


@pytest.mark.parametrize("title", [t for *_, t, _ in EXPLORERS], ids=ids)
def test_arrow_keys_step_one_frame_and_change_the_description(scenes_page, title):
    ex = _explorer(scenes_page, title)
    ex.scroll_into_view_if_needed()
    start = reset(ex)
    handle = ex.locator(".explorer-play-row .noUi-handle")
    handle.focus()
    scenes_page.keyboard.press("ArrowRight")
    one = wait_state(ex, shows(1))
    assert one[5] != start[5], "the description did not change"
    assert one[3] != start[3], "the figure did not change"
    scenes_page.keyboard.press("ArrowRight")
    wait_state(ex, shows(2))
    scenes_page.keyboard.press("ArrowLeft")
    back = wait_state(ex, shows(1))
    assert back[5] == one[5]
    scenes_page.keyboard.press("End")
    last = wait_state(ex, "s[0] === s[2] && s[1] === s[2]")
    assert last[2] > 2
    scenes_page.keyboard.press("Home")
    wait_state(ex, shows(0))


@pytest.mark.parametrize("title", [t for *_, t, steps in EXPLORERS if steps],
                         ids=[c for _, c, _, steps in EXPLORERS if steps])
def test_next_and_previous_step_buttons_jump_key_steps(scenes_page, title):
    ex = _explorer(scenes_page, title)
    ex.scroll_into_view_if_needed()
    reset(ex)
    first = re.search(r"Step (\d+) of (\d+)", state(ex)[5])
    assert first and first.group(1) == "1", state(ex)[5]
    n_steps = int(first.group(2))
    ex.locator("button", has_text="Next step").click()
    s = wait_state(ex, "s[0] > 1 && s[0] === s[1]")
    assert re.search(rf"Step 2 of {n_steps}\b", s[5]), s[5]
    per = s[0]
    ex.locator("button", has_text="Next step").click()
    s = wait_state(ex, shows(2 * per))
    assert re.search(rf"Step 3 of {n_steps}\b", s[5]), s[5]
    ex.locator("button", has_text="Previous step").click()
    s = wait_state(ex, shows(per))
    assert re.search(rf"Step 2 of {n_steps}\b", s[5]), s[5]
    ex.locator("button", has_text="Previous step").click()
    wait_state(ex, shows(0))


@pytest.mark.parametrize("title", [t for *_, t, _ in EXPLORERS], ids=ids)
def test_play_moves_the_frames_pause_stops_them_reset_goes_to_frame_0(scenes_page, title):
    page = scenes_page
    ex = _explorer(page, title)
    ex.scroll_into_view_if_needed()
    reset(ex)
    buttons = ex.locator(".widget-play button")  # Play/Pause, Stop, Repeat (ipywidgets 8)
    play, repeat = buttons.nth(0), buttons.nth(2)
    icon = play.locator("i")
    repeat.click()  # loop, so the shortest scene (~1 s) cannot end on its own
    page.wait_for_function("el => el.classList.contains('mod-active')",
                           arg=repeat.element_handle(), timeout=5_000)
    play.click()
    seen = set()
    for _ in range(40):  # frames change while playing
        page.wait_for_timeout(60)
        seen.add(state(ex)[0])
        if len(seen) >= 6:
            break
    assert len(seen) >= 6, f"only frames {sorted(seen)} shown in ~2.4 s of play"
    assert "fa-pause" in icon.get_attribute("class"), "not playing"
    play.click()  # pause
    assert "fa-play" in icon.get_attribute("class"), "Pause did not stop the Play widget"
    s = wait_state(ex, "s[0] === s[1]", timeout=2_000)  # the figure catches up at once
    page.wait_for_timeout(500)
    still = state(ex)
    assert still[:2] == s[:2] and still[3] == s[3], "frames still changing after Pause"
    assert still[0] > 0
    repeat.click()
    reset(ex)
    page.wait_for_timeout(300)
    assert state(ex)[:2] == [0, 0]
    ex.page.screenshot(path=str(ARTIFACTS / f"animation-{title[:20].replace(' ', '_')}.png"))


@pytest.mark.parametrize("title", [t for *_, t, _ in EXPLORERS], ids=ids)
def test_a_bad_typed_frame_gives_a_clear_message_and_changes_nothing(scenes_page, title):
    ex = _explorer(scenes_page, title)
    ex.scroll_into_view_if_needed()
    reset(ex)
    ex.locator(".explorer-play-row .noUi-handle").focus()
    scenes_page.keyboard.press("ArrowRight")
    before = wait_state(ex, shows(1))
    twin = ex.locator(".explorer-play-row .explorer-twin input")
    status = ex.locator(".explorer-status")
    # the typed box follows just after the frame: wait for it, or the kernel's "1" could
    # overwrite what the test types next (as it would a person typing that fast)
    scenes_page.wait_for_function("el => el.value === '1'", arg=twin.element_handle(),
                                  timeout=10_000)
    for bad in ("abc", "2.5", "100000", "-1"):
        twin.fill(bad)
        twin.press("Enter")
        try:
            scenes_page.wait_for_function(
                "([el, bad]) => el.innerText.includes('must be a whole number from 0 to')"
                " && el.innerText.includes(bad)", arg=[status.element_handle(), bad],
                timeout=10_000)
        except Exception as exc:
            raise AssertionError(f"typed {bad!r}: status {status.inner_text()!r}, typed box "
                                 f"{twin.input_value()!r}, state {state(ex)}") from exc
        assert "Kept the previous value" in status.inner_text()
        after = state(ex)
        assert after[:4] == before[:4], f"{bad!r} changed the explorer"
        assert twin.input_value() == "1", "the typed box did not go back to the frame shown"
    # a good typed value is taken (and clears the message)
    twin.fill("3")
    twin.press("Enter")
    wait_state(ex, shows(3))
    scenes_page.wait_for_function("el => el.innerText.trim() === ''",
                                  arg=status.element_handle(), timeout=10_000)
