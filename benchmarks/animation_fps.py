#!/usr/bin/env python3
"""Scenes and the microscope as a user sees them play: in Voilà on headless Chromium.

For every scene and simulation (every ``AnimatedExplorer`` in ``explainer.widgets``) this builds
a one-cell notebook, serves them with Voilà on 127.0.0.1 (the helpers in ``tools.servers``) and,
with a watcher armed in the page before acting (a requestAnimationFrame loop, so only frames
that reached the screen count):

1. **step latency**: ArrowRight on the focused frame slider (ArrowLeft back from the end),
   ``--steps`` times (>= 30), each timed from the keydown (capture phase) to the first animation
   frame that shows the new step (its description, ``img.explorer-figure`` loaded);
2. **frame rate while playing**: presses Play (with Repeat on, so short scenes loop), and counts
   over ``--seconds`` the frames that reached the screen: animation frames in which the
   description names a new frame ("frame f of F", "After x hours") and the figure is loaded.
   Consecutive frames of a scene can be the same picture (the kernel then sends no image), so
   the figure changes are counted beside them, with the frames the Play widget asked for
   (distinct slider values) and how far the frame shown lags the slider;
3. **catching up**: presses Pause after playing and measures the time until the description
   names the frame the slider shows (target <= 100 ms).

Writes ``benchmarks/results/animation_fps.json`` and ``.txt`` (with the machine's load from
``uptime`` beside the results) and prints a table with pass/fail against the targets:
>= 24 visible frames per second while playing; stepping <= 40 ms median and <= 60 ms p95.

    python -m benchmarks.animation_fps [--only Microscope] [--steps 30] [--seconds 4]

(from the repository root; ``make bench-animation`` runs it). ``--uncached`` serves with
``CART_FRAME_CACHE=0`` (every frame drawn on demand: the kernel-side cost without the cache).
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import json
import os
import pkgutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

from benchmarks.explorers import machine, percentile
from tools import servers

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
FPS_TARGET, MEDIAN_TARGET, P95_TARGET, CATCH_UP_TARGET = 24.0, 40.0, 60.0, 100.0

#: Runs in the page before anything else. Every helper reads one explorer (``sel``).
INIT_JS = r"""
window.__lastKey = 0;
document.addEventListener('keydown', () => { window.__lastKey = performance.now(); }, true);
window.__fig = (root) => root.querySelector('img.explorer-figure');
window.__handle = (root) => root.querySelector('.explorer-play-row .noUi-handle');
window.__slider = (root) => Number(window.__handle(root).getAttribute('aria-valuenow'));
// The frame the figure's description names: scenes "(frame f of F)", the microscope
// "After x hours" (10-minute steps).
window.__shown = (root) => {
  const t = root.querySelector('.explorer-description').innerText;
  let m = t.match(/frame (\d+) of (\d+)/);
  if (m) return Number(m[1]) - 1;
  m = t.match(/After ([\d.]+) hours/);
  if (m) return Math.round(Number(m[1]) * 6);
  return null;
};
window.__loaded = (img) => img && img.complete && img.naturalWidth > 0;
// Step latency: armed BEFORE the key press; resolves at the first animation frame that shows
// the new step: the description names the slider's (new) frame and the figure is loaded (a
// figure identical to the last one sends no new image, so the description is the clock).
window.__arm = (sel) => {
  const root = document.querySelector(sel);
  const before = window.__shown(root), src = window.__fig(root).src;
  window.__pending = new Promise((resolve) => {
    const check = () => {
      const img = window.__fig(root), shown = window.__shown(root);
      if (shown !== before && shown === window.__slider(root) && window.__loaded(img)) {
        resolve([performance.now() - window.__lastKey, img.src !== src]);
      } else requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
    setTimeout(() => resolve([-1, false]), 10000);
  });
};
// Playing: one record per animation frame that shows a new frame of the animation (the
// description names another frame, the figure is loaded); whether the figure's source changed
// with it (consecutive frames can be identical images: no new image is sent).
window.__watch = (sel) => {
  const root = document.querySelector(sel);
  const st = {frames: [], asked: [], arrived: [], rafs: [], running: true,
              src: window.__fig(root).src, slider: null, shown: window.__shown(root),
              t0: performance.now()};
  window.__st = st;
  // figure sources set by the widget (arrived), whether or not they reached the screen
  st.observer = new MutationObserver(() => st.arrived.push(performance.now() - st.t0));
  st.observer.observe(window.__fig(root), {attributes: true, attributeFilter: ['src']});
  const tick = (t) => {
    if (!st.running) return;
    st.rafs.push(t - st.t0);
    const img = window.__fig(root), s = window.__slider(root);
    if (s !== st.slider) { st.slider = s; st.asked.push([t - st.t0, s]); }
    const shown = window.__shown(root);
    if (shown !== st.shown && window.__loaded(img)) {
      st.frames.push([t - st.t0, shown, s, img.src !== st.src]);
      st.shown = shown;
      st.src = img.src;
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
};
window.__unwatch = () => {
  const st = window.__st;
  st.running = false;
  st.observer.disconnect();
  return {frames: st.frames, asked: st.asked, arrived: st.arrived, rafs: st.rafs};
};
// Pause, then the time until the description names the frame the slider shows (and the
// lag in frames at the moment of the press).
window.__pause = (sel) => {
  const root = document.querySelector(sel);
  // ipywidgets 8: one Play/Pause toggle, Stop, Repeat
  const pause = root.querySelector('.widget-play button:nth-child(1)');
  const t0 = performance.now();
  pause.click();
  const lag0 = window.__slider(root) - window.__shown(root);
  return new Promise((resolve) => {
    const check = () => {
      const t = performance.now(), s = window.__slider(root), shown = window.__shown(root);
      if (shown === s && window.__loaded(window.__fig(root))) {
        resolve({ms: t - t0, lag_frames_at_pause: lag0, slider: s, shown}); return;
      }
      if (t - t0 > 10000) {
        resolve({ms: -1, lag_frames_at_pause: lag0, slider: s, shown}); return;
      }
      requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  });
};
"""


def animated_explorers() -> list[type]:
    """Every scene and simulation: the concrete ``AnimatedExplorer`` subclasses."""
    import explainer.widgets as W
    from explainer.widgets.animated import AnimatedExplorer
    from explainer.widgets.scene import SceneExplorer

    found = []
    for mod in pkgutil.iter_modules(W.__path__):
        m = importlib.import_module(f"explainer.widgets.{mod.name}")
        for _, obj in inspect.getmembers(m, inspect.isclass):
            if (issubclass(obj, AnimatedExplorer) and obj not in (AnimatedExplorer, SceneExplorer)
                    and obj.__module__ == m.__name__ and not obj.__name__.startswith("_")):
                found.append(obj)
    return found


def make_notebook(cls, folder: Path, interval_ms: int | None = None) -> Path:
    nb = nbformat.v4.new_notebook()
    setup = f"{cls.__name__}.interval_ms = {int(interval_ms)}\n" if interval_ms else ""
    nb.cells = [nbformat.v4.new_code_cell(
        f"from {cls.__module__} import {cls.__name__}\n{setup}{cls.__name__}()")]
    path = folder / f"anim_{cls.__name__}.ipynb"
    nbformat.write(nb, path)
    return path


def uptime() -> str:
    try:
        return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    except OSError:
        return "load " + " ".join(f"{x:.2f}" for x in os.getloadavg())


def stats(xs: list[float]) -> dict:
    good = [x for x in xs if x >= 0]
    return {"n": len(good), "timeouts": len(xs) - len(good),
            "median_ms": statistics.median(good) if good else None,
            "p95_ms": percentile(good, 0.95) if good else None,
            "max_ms": max(good) if good else None, "ms": [round(x, 1) for x in xs]}


def step_latency(page, sel: str, n: int) -> tuple[list[float], int]:
    """``n`` arrow-key steps on the frame slider (one warm-up first), in ms, and how many
    steps showed a figure identical to the one before (only the description changed)."""
    handle = page.locator(f"{sel} .explorer-play-row .noUi-handle").first
    handle.focus()
    key, out, same = "ArrowRight", [], 0
    for _ in range(n + 1):
        now, hi, lo = (handle.get_attribute(a) for a in
                       ("aria-valuenow", "aria-valuemax", "aria-valuemin"))
        if float(now) >= float(hi):
            key = "ArrowLeft"
        elif float(now) <= float(lo):
            key = "ArrowRight"
        page.evaluate("s => window.__arm(s)", sel)
        page.keyboard.press(key)
        ms, changed = page.evaluate("window.__pending")
        out.append(ms)
        same += not changed
        page.wait_for_timeout(60)  # a key press every ~100 ms, as a user holding the key
    return out[1:], same


def play(page, sel: str, seconds: float, warmup: float = 0.5) -> dict:
    """Play (Repeat on) for ``warmup + seconds``; visible and asked-for frames per second in the
    last ``seconds``, lag of the shown frame behind the slider, then Pause and catch-up."""
    root = page.locator(sel).first
    buttons = root.locator(".widget-play button")
    repeat = buttons.nth(2)  # Play/Pause, Stop, Repeat (ipywidgets 8)
    if "mod-active" not in (repeat.get_attribute("class") or ""):
        repeat.click()
    page.evaluate("s => window.__watch(s)", sel)
    buttons.nth(0).click()
    page.wait_for_timeout(int((warmup + seconds) * 1000))
    caught = page.evaluate("s => window.__pause(s)", sel)
    st = page.evaluate("window.__unwatch()")
    t_click = st["frames"][0][0] if st["frames"] else 0.0
    lo, hi = t_click + warmup * 1000, t_click + (warmup + seconds) * 1000
    shown = [f for f in st["frames"] if lo <= f[0] < hi]
    asked = [a for a in st["asked"] if lo <= a[0] < hi]
    arrived = [t for t in st["arrived"] if lo <= t < hi]
    rafs = [t for t in st["rafs"] if lo <= t < hi]
    n_frames = root.locator(".explorer-play-row .noUi-handle").get_attribute("aria-valuemax")
    n_frames = int(float(n_frames)) + 1
    lags = [((s - f) % n_frames) for _, f, s, _ in shown if f is not None and s is not None]
    repeat_on = "mod-active" in (repeat.get_attribute("class") or "")
    if repeat_on:
        repeat.click()  # leave the page as found
    return {"visible_fps": len(shown) / seconds, "asked_fps": len(asked) / seconds,
            "arrived_fps": len(arrived) / seconds, "animation_frames_per_s": len(rafs) / seconds,
            "figure_changes_per_s": sum(1 for *_, changed in shown if changed) / seconds,
            "frames_seen": len(shown), "lag_frames_median": statistics.median(lags) if lags
            else None, "lag_frames_max": max(lags) if lags else None,
            "pause": caught}


def measure(page, sel: str, args) -> dict:
    t = time.perf_counter()
    ms, same = step_latency(page, sel, args.steps)
    out = {"steps": {**stats(ms), "identical_figure": same}}
    out["play"] = play(page, sel, args.seconds)
    out["play_again"] = play(page, sel, args.seconds)  # second pass: every frame drawn once
    out["measure_s"] = round(time.perf_counter() - t, 1)
    return out


def verdict(r: dict) -> dict:
    s, p = r["steps"], r["play"]
    ok = {"fps": p["visible_fps"] >= FPS_TARGET,
          "step_median": (s["median_ms"] or 1e9) <= MEDIAN_TARGET,
          "step_p95": (s["p95_ms"] or 1e9) <= P95_TARGET,
          "catch_up": 0 <= p["pause"]["ms"] <= CATCH_UP_TARGET}
    ok["all"] = all(ok.values())
    return ok


def table(rows: list[dict], load: str) -> str:
    head = (f"{'scene':22s} {'fps':>5s} {'fig':>5s} {'asked':>5s} {'arrvd':>5s} {'rAF':>4s} "
            f"{'again':>5s} {'lag':>4s} {'pause':>6s} "
            f"{'med':>6s} {'p95':>6s}  result   (targets: fps >= 24, step <= 40 / <= 60 ms, "
            "pause catch-up <= 100 ms)")
    lines = [f"# {load}", head]
    for r in rows:
        if "error" in r:
            lines.append(f"{r['explorer']:22s} ERROR {r['error'][:100]}")
            continue
        s, p, q, ok = r["steps"], r["play"], r["play_again"], r["ok"]
        miss = [k for k, v in ok.items() if k != "all" and not v]
        lag = "-" if p["lag_frames_max"] is None else p["lag_frames_max"]
        lines.append(
            f"{r['explorer']:22s} {p['visible_fps']:5.1f} {p['figure_changes_per_s']:5.1f} "
            f"{p['asked_fps']:5.1f} "
            f"{p['arrived_fps']:5.1f} {p['animation_frames_per_s']:4.0f} "
            f"{q['visible_fps']:5.1f} {lag:>4} "
            f"{p['pause']['ms']:6.0f} {s['median_ms']:6.1f} {s['p95_ms']:6.1f}  "
            f"{'ok' if ok['all'] else 'MISS ' + ','.join(miss)}")
    lines.append(
        "fps: frames of the animation that reached the screen per second while playing (the "
        "description names a new frame and the figure is loaded; first play after the page "
        "settled); fig: of those, the ones with a new figure image (consecutive frames of a "
        "scene can be identical pictures, then no image is sent); asked: slider values per "
        "second the Play widget set; arrvd: figure sources set per second (MutationObserver); "
        "rAF: animation frames per second of the page; again: fps of a second play; lag: most "
        "frames the figure was behind the slider while playing; pause: ms from Pause until the "
        "description names the slider's frame; med/p95: arrow key to the new step on screen, "
        "ms.")
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--steps", type=int, default=30)
    ap.add_argument("--seconds", type=float, default=4.0)
    ap.add_argument("--settle", type=float, default=3.0,
                    help="seconds between the first figure and the first key press "
                         "(a reader looking at the page)")
    ap.add_argument("--only", help="substring of the class names to run")
    ap.add_argument("--uncached", action="store_true", help="serve with CART_FRAME_CACHE=0")
    ap.add_argument("--interval", type=int,
                    help="ms between frames asked by Play (default: each class's interval_ms)")
    ap.add_argument("--out", default="animation_fps",
                    help="result file stem in benchmarks/results (default animation_fps)")
    args = ap.parse_args(argv)
    if args.steps < 30:
        ap.error("--steps must be at least 30")
    from playwright.sync_api import sync_playwright

    tmp = Path(tempfile.mkdtemp(prefix="bench-anim-"))
    classes = [c for c in animated_explorers() if not args.only or args.only in c.__name__]
    for cls in classes:
        make_notebook(cls, tmp, args.interval)
    env = {**os.environ, **({"CART_FRAME_CACHE": "0"} if args.uncached else {})}
    if hasattr(servers, "app_env"):  # the app-view template that ./voila.json names
        env = servers.app_env(ROOT, env)
    load_before = uptime()
    results = {"machine": machine(), "when": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
               "uptime_before": load_before, "uncached": args.uncached,
               "interval_ms": args.interval or {c.__name__: c.interval_ms for c in classes},
               "seconds": args.seconds, "settle_s": args.settle,
               "targets": {"visible_fps": FPS_TARGET, "step_median_ms": MEDIAN_TARGET,
                           "step_p95_ms": P95_TARGET, "catch_up_ms": CATCH_UP_TARGET},
               "explorers": []}
    print(f"# {load_before}")
    port = servers.free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "voila", str(tmp), "--no-browser", f"--port={port}",
         "--Voila.ip=127.0.0.1", "--ServerApp.token=", "--progressive_rendering=True"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,  # + ./voila.json
        start_new_session=True, env=env)
    try:
        servers.wait_for_port(port, proc)
        url = f"http://127.0.0.1:{port}"
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=servers.chromium_path(), headless=True,
                                        args=servers.CHROMIUM_ARGS)
            for cls in classes:
                name = cls.__name__
                page = browser.new_page(viewport={"width": 1280, "height": 900})
                page.add_init_script(INIT_JS)
                try:
                    page.goto(f"{url}/voila/render/anim_{name}.ipynb",
                              wait_until="domcontentloaded", timeout=120_000)
                    page.wait_for_function(
                        "() => { const r = document.querySelector('.explorer');"
                        " return r && window.__loaded(window.__fig(r)) &&"
                        " window.__handle(r) && window.__shown(r) !== null; }",
                        timeout=120_000)
                    page.wait_for_timeout(int(args.settle * 1000))
                    r = {"explorer": name, "uptime": uptime(), **measure(page, ".explorer", args)}
                    r["ok"] = verdict(r)
                except Exception as exc:  # noqa: BLE001 - report and go on with the others
                    r = {"explorer": name, "error": f"{exc!s:.500}", "uptime": uptime()}
                page.close()
                results["explorers"].append(r)
                print(table([r], r["uptime"]).splitlines()[-2], "   ", r["uptime"], flush=True)
            browser.close()
    finally:
        servers.stop(proc)
    results["uptime_after"] = uptime()
    text = table(results["explorers"], f"{results['when']}; before: {load_before}; "
                 f"after: {results['uptime_after']}" + ("; CART_FRAME_CACHE=0"
                                                        if args.uncached else ""))
    text += "\n" + "\n".join(f"{r['explorer']:22s} {r['uptime']}" for r in results["explorers"])
    print(text)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"{args.out}.json").write_text(json.dumps(results, indent=1))
    (RESULTS / f"{args.out}.txt").write_text(text + "\n")
    print(f"wrote benchmarks/results/{args.out}.json and .txt")
    return 0 if all(r.get("ok", {}).get("all") for r in results["explorers"]) else 1


if __name__ == "__main__":
    sys.exit(main())
