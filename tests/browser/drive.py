"""Drive explorers in a page the way a keyboard user does (shared by tests and benchmarks)."""

from __future__ import annotations

import re

#: JS: a signature of one explorer's figure and description (src of the PNG blob + text).
SIGNATURE_JS = """(el) => {
  const img = el.querySelector('img.explorer-figure');
  const d = el.querySelector('.explorer-description');
  return JSON.stringify([img ? img.src : null, img ? img.complete : false,
                         d ? d.innerText : null]);
}"""


def wait_rendered(page, timeout: float = 120_000) -> int:
    """Wait until every explorer on the page shows a loaded figure; return how many there are."""
    page.wait_for_selector(".explorer img.explorer-figure", timeout=timeout)
    page.wait_for_function(
        """() => { const e = [...document.querySelectorAll('.explorer')];
                   return e.length > 0 && e.every(x => {
                     const i = x.querySelector('img.explorer-figure');
                     return i && i.complete && i.naturalWidth > 0 &&
                            x.querySelector('.explorer-description').innerText.length > 0; }); }""",
        timeout=timeout)
    return page.locator(".explorer").count()


def signature(explorer) -> tuple:
    import json
    src, complete, text = json.loads(explorer.evaluate(SIGNATURE_JS))
    return src, text


def wait_changed(explorer, before: tuple, timeout: float = 15_000) -> tuple:
    """Wait until both the figure and the description differ from ``before``."""
    explorer.page.wait_for_function(
        f"([el, before]) => {{ const s = JSON.parse(({SIGNATURE_JS})(el));"
        " const img = el.querySelector('img.explorer-figure');"
        " return s[0] !== before[0] && s[2] !== before[1] && img.complete"
        " && img.naturalWidth > 0; }",
        arg=[explorer.element_handle(), list(before)], timeout=timeout)
    return signature(explorer)


def controls(explorer) -> list[tuple[str, object]]:
    """(kind, locator) for every control of an explorer, in tab order."""
    out = []
    box = explorer.locator(".explorer-controls")
    for kind, sel in [("slider", ".noUi-handle"), ("select", "select"),
                      ("checkbox", "input[type=checkbox]"),
                      ("toggle", ".widget-toggle-buttons")]:
        for i in range(box.locator(sel).count()):
            loc = box.locator(sel).nth(i)
            if loc.evaluate("el => !!el.closest('[disabled]') || el.disabled === true"):
                continue  # disabled for the current values: not operable, by design
            out.append((kind, loc))
    return out


def slider_at_max(handle) -> bool:
    now = handle.get_attribute("aria-valuenow")
    hi = handle.get_attribute("aria-valuemax")
    try:
        return float(now) >= float(hi)
    except (TypeError, ValueError):
        return False


def operate(kind: str, control, page, *, lab: bool = False) -> str:
    """Change one control from the keyboard. Returns a label for messages.

    In JupyterLab the notebook's command-mode shortcuts take ArrowUp/ArrowDown even inside a
    dropdown, so there a dropdown is changed with Home/End (which Lab leaves alone).
    """
    control.focus()
    if kind == "slider":
        page.keyboard.press("ArrowLeft" if slider_at_max(control) else "ArrowRight")
    elif kind == "select":
        options = control.locator("option")
        n = options.count()
        current = control.evaluate("el => el.selectedIndex")
        if lab:
            page.keyboard.press("Home" if current == n - 1 else "End")
        else:
            page.keyboard.press("ArrowUp" if current == n - 1 else "ArrowDown")
    elif kind == "checkbox":
        page.keyboard.press("Space")
    elif kind == "toggle":
        # a group of toggle buttons: focus one that is not selected and press Enter
        target = control.locator("button:not(.mod-active)").first
        target.focus()
        page.keyboard.press("Enter")
    label = re.sub(r"\s+", " ", control.evaluate(
        "el => (el.closest('.widget-inline-hbox, .widget-hbox, .widget-box') || el).innerText")
                   or kind)[:60]
    return f"{kind} {label!r}"


#: JS: a hash of the PNG bytes currently shown in an explorer's figure.
IMAGE_HASH_JS = """async (el) => {
  const img = el.querySelector('img.explorer-figure');
  const buf = new Uint8Array(await (await fetch(img.src)).arrayBuffer());
  let h = 2166136261;
  for (let i = 0; i < buf.length; i++) { h ^= buf[i]; h = Math.imul(h, 16777619); }
  return `${buf.length}:${h >>> 0}`;
}"""


def settle(explorer, quiet_ms: int = 800, timeout: float = 20_000) -> tuple:
    """Wait until the figure and description have not changed for ``quiet_ms``."""
    page = explorer.page
    last, since = signature(explorer), 0.0
    waited = 0.0
    while waited < timeout:
        page.wait_for_timeout(100)
        waited += 100
        now = signature(explorer)
        if now == last:
            since += 100
            if since >= quiet_ms:
                return now
        else:
            last, since = now, 0.0
    raise TimeoutError("explorer did not settle")


#: JS: where a citation's reference entry is on screen. The entry's anchor carries
#: ``id="ref-KEY"`` (Voila, nbconvert pages, decks) or ``data-jupyter-id`` (JupyterLab renames
#: ids in rendered Markdown and resolves fragment links to it).
CITE_TARGET_JS = """(href) => {
  const key = href.slice(1);
  const t = document.getElementById(key) ||
            document.querySelector(`[data-jupyter-id="${CSS.escape(key)}"]`);
  if (!t) return null;
  const entry = t.closest('li') || t.parentElement;
  const r = t.getBoundingClientRect();  // the entry's first line, where its anchor is
  return {top: r.top, bottom: r.bottom, height: window.innerHeight,
          text: entry.innerText.slice(0, 60)};
}"""


def follow_first_citation(page, scope: str = "body", timeout: float = 10_000) -> dict:
    """Click the first citation link ("Maude et al. 2018") inside ``scope`` and wait until its
    reference entry is on screen; return where it is. Raises AssertionError naming the link if
    the entry is missing or stays off screen."""
    link = page.locator(f'{scope} a[href^="#ref-"]').first
    href, shown = link.get_attribute("href"), link.inner_text()
    link.scroll_into_view_if_needed()
    link.click()
    try:
        page.wait_for_function(f"""() => {{ const r = ({CITE_TARGET_JS})({href!r});
                                    return r && r.top >= -8 && r.top < r.height - 20; }}""",
                               timeout=timeout)
    except Exception as exc:  # noqa: BLE001
        raise AssertionError(f"citation {shown!r} ({href}) did not bring its reference entry on "
                             f"screen: {page.evaluate(CITE_TARGET_JS, href)}") from exc
    where = page.evaluate(CITE_TARGET_JS, href)
    assert where["text"].startswith(shown), (shown, where["text"])
    return where
