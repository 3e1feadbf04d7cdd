#!/usr/bin/env python3
"""A class on one machine: N pages of one notebook opened at once, then all moving a control.

For class mode (``python -m tools.class_mode --notebook 04_infusion --seats S``, what
``make class`` runs) and for app mode (what ``make app`` runs), on 127.0.0.1 with headless
Chromium (one browser, one context per student):

* **openings**: N pages navigate at the same moment; each reports, from its own navigation
  start, when the first explorer's live figure has loaded (median, max, failed pages);
* **changes**: the N pages then press ArrowRight/ArrowLeft (Playwright's keyboard) on the
  first slider of the first explorer twice a second for ``--move-seconds``; each change is
  timed inside the page from the keydown event to the first animation frame with a new, loaded
  figure (median, p95, timeouts after 5 s);
* **memory**: resident memory of the server and its kernels (psutil) before the pages open, at
  the peak, right after the pages close (their shutdown beacons free the kernels), and once the
  pool is warm again (class mode refills after the class has left), with the seconds it took.

Chromium's page work runs on the same two cores as the server here (in a classroom it runs on
the students' machines), so the report also gives the CPU seconds the browser and the server
side (server + kernels) used while the pages opened. ``uptime`` load is noted with each result.

    python -m benchmarks.class_load [--client protocol|browser] [--sizes 1,10,30]
                                    [--app-sizes 1,10] [--move-seconds 20]

``--client browser`` (the default) opens real pages in headless Chromium on this machine, so
the students' browsers compete with the server for its cores (5-7 s of CPU per page at 10-30
pages, several times the server's share). ``--client protocol`` does only what a page asks of
the server (benchmarks/protocol_client.py: the page, its assets, the kernel's websocket, the
widget states, slider updates, the shutdown beacon), as a class whose browsers run on their
own machines would load it; the CPU of the client itself is reported beside the server's.

(from the repository root). Writes benchmarks/results/class_load.{json,txt}.

Targets (2-core machine, 04_infusion): class mode, 30 pages opened at once, every first figure
<= 5 s, no failed page; 30 pages moving controls, median <= 100 ms, p95 <= 250 ms; after the
pages close, memory within 10 % of its level before, within the culling interval (60 s);
app mode, 10 pages opened at once, first figure median <= 10 s.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil

from benchmarks import protocol_client
from benchmarks.explorers import machine, percentile
from tools import servers  # server and Chromium helpers shared with the browser tests

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
LIVE = ".explorer:not(.explorer-static)"
#: The culling interval of voila.json: memory must be back within it after the class leaves.
CULL_INTERVAL_S = 60

INIT_JS = """
window.__firstFigure = null;
(() => {
  const look = () => {
    const img = document.querySelector('LIVE img.explorer-figure');
    if (img && img.complete && img.naturalWidth > 0) {
      window.__firstFigure = performance.now();
    } else { requestAnimationFrame(look); }
  };
  requestAnimationFrame(look);
})();
// Key -> new figure loaded, timed in the page from the keydown (capture phase). Armed before
// the key is pressed, so the harness runs nothing in the page while the change travels.
window.__lastKey = 0;
document.addEventListener('keydown', () => { window.__lastKey = performance.now(); }, true);
window.__arm = () => {
  const root = document.querySelector('LIVE');
  const figs = () => [...root.querySelectorAll('img.explorer-figure')];
  const sig = () => figs().map(i => i.src).join('|');
  const before = sig();
  window.__pending = new Promise((resolve) => {
    const check = () => {
      if (sig() !== before && figs().every(i => i.complete && i.naturalWidth > 0)) {
        resolve(performance.now() - window.__lastKey);
      } else { requestAnimationFrame(check); }
    };
    requestAnimationFrame(check);
    setTimeout(() => resolve(-1), 5000);
  });
};
""".replace("LIVE", LIVE)


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


class Sampler:
    """Resident memory of a server process tree, sampled every 0.5 s in a thread."""

    def __init__(self, pid: int):
        self.proc = psutil.Process(pid)
        self.samples: list[tuple[float, int, int, int]] = []  # t, server, kernels, n_kernels
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def now(self) -> dict:
        kids = []
        for c in self.proc.children(recursive=True):
            try:
                kids.append(c.memory_info().rss)
            except psutil.Error:
                pass
        return {"server_mb": self.proc.memory_info().rss / 2**20, "kernels_mb": sum(kids) / 2**20,
                "n_kernels": len(kids)}

    def cpu(self) -> float:
        """CPU seconds used so far by the server and its children (kernels)."""
        t = self.proc.cpu_times()
        total = t.user + t.system + t.children_user + t.children_system
        for c in self.proc.children(recursive=True):
            try:
                ct = c.cpu_times()
                total += ct.user + ct.system
            except psutil.Error:
                pass
        return total

    def _run(self):
        while not self._stop.is_set():
            try:
                m = self.now()
            except psutil.Error:
                return
            self.samples.append((time.time(), m["server_mb"], m["kernels_mb"], m["n_kernels"]))
            self._stop.wait(0.5)

    def peak_since(self, t0: float) -> dict:
        rows = [s for s in self.samples if s[0] >= t0]
        if not rows:
            return self.now()
        best = max(rows, key=lambda s: s[1] + s[2])
        return {"server_mb": best[1], "kernels_mb": best[2], "n_kernels": best[3]}

    def close(self):
        self._stop.set()


def total(m: dict) -> float:
    return m["server_mb"] + m["kernels_mb"]


def browser_cpu() -> float:
    """CPU seconds used so far by the headless Chromium processes this benchmark started."""
    out = 0.0
    for p in psutil.Process().children(recursive=True):
        try:
            if "chromium" in " ".join(p.cmdline()[:1]):
                t = p.cpu_times()
                out += t.user + t.system
        except psutil.Error:
            pass
    return out


class Server:
    """tools.class_mode in a subprocess; its output is kept to follow the pool."""

    def __init__(self, mode: str, seats: int, notebook: str):
        self.port = servers.free_port()
        args = [sys.executable, "-m", "tools.class_mode", f"--port={self.port}"]
        if mode == "class":
            args += [f"--notebook={notebook}", f"--seats={seats}"]
        env = {**os.environ, "JUPYTER_PATH": os.pathsep.join(
            p for p in (str(ROOT / "share" / "jupyter"), os.environ.get("JUPYTER_PATH")) if p)}
        self.log_path = RESULTS.parent.parent / "build" / f"class_load_{mode}.log"
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self.log = open(self.log_path, "w")
        self.t0 = time.time()
        self.proc = subprocess.Popen(args, cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT,
                                     start_new_session=True, env=env)
        servers.wait_for_port(self.port, self.proc, timeout=120)
        self.sampler = Sampler(self.proc.pid)
        self.url = f"http://127.0.0.1:{self.port}/voila/render/{notebook}.ipynb"

    def lines(self) -> list[str]:
        return self.log_path.read_text(errors="replace").splitlines()

    def wait_ready(self, count: int, timeout: float = 600) -> float:
        """Wait for the ``count``-th "ready" line; seconds waited."""
        t0 = time.time()
        while time.time() - t0 < timeout:
            if sum("[class] ready" in ln for ln in self.lines()) >= count:
                return time.time() - t0
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited: {self.lines()[-5:]}")
            time.sleep(0.5)
        raise TimeoutError(f"pool not ready in {timeout} s")

    def stop(self):
        self.sampler.close()
        servers.stop(self.proc)
        self.log.close()


async def open_pages(browser, url: str, n: int, timeout_s: float = 120):
    """N contexts navigate at once; (pages, first-figure seconds or None for a failed page)."""
    contexts = [await browser.new_context(viewport={"width": 1280, "height": 900})
                for _ in range(n)]
    pages = []
    for c in contexts:
        page = await c.new_page()
        await page.add_init_script(INIT_JS)
        pages.append(page)

    async def one(page):
        try:
            await page.goto(url, wait_until="commit", timeout=timeout_s * 1000)
            await page.wait_for_function("window.__firstFigure !== null",
                                         timeout=timeout_s * 1000, polling=100)
            return (await page.evaluate("window.__firstFigure")) / 1000
        except Exception as exc:  # noqa: BLE001 - a failed page is a result
            print(f"  page failed: {exc!s:.160}")
            return None

    firsts = await asyncio.gather(*(one(p) for p in pages))
    return contexts, pages, list(firsts)


async def move(pages, seconds: float, every_s: float = 0.5) -> list[float]:
    """Every page presses an arrow key on the first slider of its first explorer every
    ``every_s`` seconds (or as soon as the previous change has shown, if that took longer)."""

    async def one(page):
        out = []
        try:
            handle = page.locator(f"{LIVE} .noUi-handle").first
            await handle.focus()
            key, stop = "ArrowRight", time.time() + seconds
            while time.time() < stop:
                t0 = time.time()
                now, lo, hi = [await handle.get_attribute(a) for a in
                               ("aria-valuenow", "aria-valuemin", "aria-valuemax")]
                key = "ArrowLeft" if now == hi else "ArrowRight" if now == lo else key
                await page.evaluate("window.__arm()")
                await page.keyboard.press(key)
                out.append(await page.evaluate("window.__pending"))
                await asyncio.sleep(max(0.0, every_s - (time.time() - t0)))
        except Exception as exc:  # noqa: BLE001
            print(f"  moving failed: {exc!s:.160}")
            out.append(-1)
        return out

    out = []
    for xs in await asyncio.gather(*(one(p) for p in pages)):
        out.extend(xs)
    return out


async def close_pages(contexts, pages):
    """Close like a student closing the tab: beforeunload runs, so the shutdown beacon goes."""
    for p in pages:
        try:
            await p.close(run_before_unload=True)
        except Exception:  # noqa: BLE001
            pass
    await asyncio.sleep(1)
    for c in contexts:
        await c.close()


def summary(xs: list[float], scale: float = 1.0) -> dict:
    good = [x * scale for x in xs if x is not None and x >= 0]
    return {"n": len(xs), "failed": len(xs) - len(good),
            "median": round(statistics.median(good), 3) if good else None,
            "p95": round(percentile(good, 0.95), 3) if good else None,
            "max": round(max(good), 3) if good else None}


async def open_protocol(server: Server, assets: list[str], n: int, timeout_s: float = 120):
    """N protocol pages open at once; (pages, first-figure seconds or None for a failed page)."""
    base, path = server.url.split("/voila/", 1)
    pages = [protocol_client.ProtocolPage(base, "/voila/" + path, assets) for _ in range(n)]

    async def one(page):
        try:
            return await page.open(timeout_s)
        except Exception as exc:  # noqa: BLE001 - a failed page is a result
            print(f"  page failed: {type(exc).__name__} {exc!s:.160}")
            return None

    return pages, list(await asyncio.gather(*(one(p) for p in pages)))


async def move_protocol(pages, seconds: float, lockstep: bool = False,
                        every_s: float = 0.5) -> list[float]:
    """Every page steps its slider every ``every_s`` seconds. Students are not in step: page i
    starts ``i / n`` of a period later (``lockstep``: all at the same moment, the worst case:
    every kernel is asked for a new figure in the same instant)."""
    n = len(pages)
    out = []
    moves = (p.move(seconds, every_s, phase=0.0 if lockstep else every_s * i / n)
             for i, p in enumerate(pages))
    for xs in await asyncio.gather(*moves, return_exceptions=True):
        out.extend([-1] if isinstance(xs, BaseException) else xs)
    return out


def client_cpu() -> float:
    """CPU seconds this benchmark process (the protocol pages) has used."""
    t = psutil.Process().cpu_times()
    return t.user + t.system


async def run_size(server: Server, browser, n: int, mode: str, seats: int,
                   move_seconds: float, ready_count: int, assets: list[str] | None = None,
                   lockstep: bool = False) -> dict:
    before = server.sampler.now()
    cpu_server, cpu_browser, cpu_client = server.sampler.cpu(), browser_cpu(), client_cpu()
    t_open = time.time()
    load_before = load()
    if assets is None:
        contexts, pages, firsts = await open_pages(browser, server.url, n)
    else:
        contexts, (pages, firsts) = None, await open_protocol(server, assets, n)
    open_wall = time.time() - t_open
    cpu = {"server_and_kernels_s": round(server.sampler.cpu() - cpu_server, 1),
           "browser_s": round(browser_cpu() - cpu_browser, 1),
           "protocol_client_s": round(client_cpu() - cpu_client, 1)}
    live = [p for p, f in zip(pages, firsts, strict=True) if f is not None]
    if not (live and move_seconds):
        changes = []
    elif assets is None:
        changes = await move(live, move_seconds)
    else:
        changes = await move_protocol(live, move_seconds, lockstep=lockstep)
    peak = server.sampler.peak_since(t_open)
    load_during = load()
    t_close = time.time()
    if assets is None:
        await close_pages(contexts, pages)
    else:
        await asyncio.gather(*(p.close() for p in pages), return_exceptions=True)
    # memory right after the pages close (their beacons free the kernels), then until it is
    # back within 10 % of before (class mode: the pool warm again)
    expect = before["n_kernels"] - (min(n, seats) if mode == "class" else 0)
    freed = back_s = None
    while time.time() - t_close < CULL_INTERVAL_S + 120:
        m = server.sampler.now()
        if freed is None and m["n_kernels"] <= expect and total(m) <= 1.10 * total(before):
            # every kernel the pages held is shut down, memory no higher than before + 10 %
            freed = dict(m, seconds=round(time.time() - t_close, 1))
        near = total(m) <= 1.10 * total(before)  # back to within 10 % (or below)
        if mode == "class":
            done = sum("[class] ready" in ln for ln in server.lines()) >= ready_count
        else:
            done = m["n_kernels"] <= before["n_kernels"]
        if near and done and freed is not None:
            back_s = round(time.time() - t_close, 1)
            break
        await asyncio.sleep(1)
    after = server.sampler.now()
    res = {
        "mode": mode, "pages": n, "seats": seats if mode == "class" else None,
        "client": "browser" if assets is None else "protocol",
        "first_figure_s": summary(firsts), "open_wall_s": round(open_wall, 2),
        "open_cpu": cpu,
        "change_ms": summary(changes) if changes else None,
        "memory_mb": {"before": before, "peak": peak, "freed_after_close": freed,
                      "after": after,
                      "after_vs_before_pct": round(100 * (total(after) / total(before) - 1), 1),
                      "back_within_10pct_s": back_s},
        "load_before": load_before, "load_during": load_during, "load_after": load(),
    }
    ff, ch = res["first_figure_s"], res["change_ms"] or {}
    print(f"{mode:5s} {n:3d} pages: first figure median {ff['median']} s, max {ff['max']} s, "
          f"failed {ff['failed']}; changes median {ch.get('median')} ms, p95 {ch.get('p95')} ms "
          f"(n {ch.get('n')}, timeouts {ch.get('failed')}); memory {total(before):.0f} -> peak "
          f"{total(peak):.0f} -> {total(after):.0f} MB (back in {back_s} s); open CPU {cpu}; "
          f"load {load_during}", flush=True)
    return res


def targets(results: list[dict]) -> list[str]:
    out = []

    def find(mode, n):
        return next((r for r in results if r["mode"] == mode and r["pages"] == n), None)

    r = find("class", 30)
    if r:
        ff, ch, mem = r["first_figure_s"], r["change_ms"] or {}, r["memory_mb"]
        ok = ff["failed"] == 0 and ff["max"] is not None and ff["max"] <= 5
        out.append(f"class, 30 opened at once: max first figure {ff['max']} s (<= 5), failed "
                   f"{ff['failed']} (0): {'MET' if ok else 'MISSED'}")
        ok = ch.get("median") is not None and ch["median"] <= 100 and ch["p95"] <= 250
        out.append(f"class, 30 moving: median {ch.get('median')} ms (<= 100), p95 "
                   f"{ch.get('p95')} ms (<= 250): {'MET' if ok else 'MISSED'}")
        freed, back = mem["freed_after_close"], mem["back_within_10pct_s"]
        ok = freed is not None and freed["seconds"] <= CULL_INTERVAL_S
        out.append(f"class, after 30 close: their kernels shut down and memory <= before + 10 % "
                   f"after {freed and freed['seconds']} s (<= {CULL_INTERVAL_S}): "
                   f"{'MET' if ok else 'MISSED'}; pool warm again, memory "
                   f"{mem['after_vs_before_pct']:+.1f} % of before, after {back} s")
    r = find("app", 10)
    if r:
        ff = r["first_figure_s"]
        ok = ff["median"] is not None and ff["median"] <= 10 and not ff["failed"]
        out.append(f"app, 10 opened at once: median first figure {ff['median']} s (<= 10): "
                   f"{'MET' if ok else 'MISSED'}")
    return out


async def main_async(args, results: dict, save) -> None:
    from playwright.async_api import async_playwright

    task, loop = asyncio.current_task(), asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGTERM, task.cancel)  # servers are stopped on the way out
    if args.stop_at:  # a hard end (UTC HH:MM): what has run by then is kept
        hh, mm = map(int, args.stop_at.split(":"))
        now = time.gmtime()
        left = (hh * 3600 + mm * 60) - (now.tm_hour * 3600 + now.tm_min * 60 + now.tm_sec)
        loop.call_later(max(1, left), task.cancel)

    async with async_playwright() as p:
        browser = await p.chromium.launch(
            executable_path=servers.chromium_path(), headless=True,
            args=[*servers.CHROMIUM_ARGS, "--disable-background-timer-throttling",
                  "--disable-renderer-backgrounding", "--disable-backgrounding-occluded-windows"])
        if args.sizes:
            seats = max(args.sizes)
            server = Server("class", seats, args.notebook)
            try:
                print(f"class mode, {seats} seats: warming (load {load()})", flush=True)
                warm_s = server.wait_ready(1)
                results["warm_up"] = {"seats": seats, "seconds": round(warm_s, 1),
                                      "memory_mb": server.sampler.now(), "load": load(),
                                      "ready_line": next(ln for ln in server.lines()
                                                         if "[class] ready" in ln)}
                print(f"  ready in {warm_s:.0f} s: {results['warm_up']['memory_mb']}", flush=True)
                assets, first = None, 2
                if args.client == "protocol":  # one real page lists what a page fetches
                    assets = await protocol_client.record_assets(browser, server.url)
                    print(f"  a page fetches {len(assets)} assets", flush=True)
                    server.wait_ready(2)  # its seat is warm again
                    first = 3
                for i, n in enumerate(sorted(args.sizes)):
                    results["runs"].append(await run_size(
                        server, browser, n, "class", seats, args.move_seconds,
                        ready_count=i + first, assets=assets, lockstep=args.lockstep))
                    save(results)
            finally:
                server.stop()
        if args.app_sizes:
            server = Server("app", 1, args.notebook)
            try:
                print(f"app mode: warming (load {load()})", flush=True)
                server.wait_ready(1)
                assets = None
                if args.client == "protocol":
                    assets = await protocol_client.record_assets(browser, server.url)
                    await asyncio.sleep(5)
                for n in sorted(args.app_sizes):
                    await asyncio.sleep(5)
                    results["runs"].append(await run_size(
                        server, browser, n, "app", 1, args.move_seconds if n <= 10
                        else 0, ready_count=0, assets=assets, lockstep=args.lockstep))
                    save(results)
                    # let the pool refill and unused kernels go before the next size
                    await asyncio.sleep(5)
            finally:
                server.stop()
        await browser.close()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--notebook", default="04_infusion")
    ap.add_argument("--client", choices=("browser", "protocol"), default="browser",
                    help="real Chromium pages on this machine, or protocol pages (the server's "
                         "work only, as for students on their own machines)")
    ap.add_argument("--sizes", default="1,10,30", help="class-mode page counts ('' for none)")
    ap.add_argument("--app-sizes", default="1,10", help="app-mode page counts ('' for none)")
    ap.add_argument("--move-seconds", type=float, default=20)
    ap.add_argument("--lockstep", action="store_true",
                    help="protocol pages step their sliders all in the same instant (default: "
                         "spread evenly over each half second, as students are)")
    ap.add_argument("--stop-at", help="UTC HH:MM: stop (servers too) at this time")
    ap.add_argument("--out", default=str(RESULTS / "class_load"),
                    help="results path without suffix (.json and .txt are written)")
    args = ap.parse_args(argv)
    args.sizes = [int(x) for x in args.sizes.split(",") if x.strip()]
    args.app_sizes = [int(x) for x in args.app_sizes.split(",") if x.strip()]
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    results = {"machine": machine(), "when": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
               "notebook": args.notebook, "client": args.client, "lockstep": args.lockstep,
               "move_seconds": args.move_seconds, "runs": [],
               "warm_up": {}}

    def save(results):
        results["targets"] = targets(results["runs"])
        out.with_suffix(".json").write_text(json.dumps(results, indent=2) + "\n")
        lines = [f"class_load {results['when']} ({results['machine']['cpus']} CPUs), notebook "
                 f"{args.notebook}, {args.client} pages"
                 f"{' in lockstep' if args.lockstep else ''}, controls moved "
                 f"{args.move_seconds:.0f} s twice a second",
                 f"warm-up: {results['warm_up'].get('ready_line', '-')}"]
        for r in results["runs"]:
            ff, ch, mem = r["first_figure_s"], r["change_ms"] or {}, r["memory_mb"]
            freed = mem["freed_after_close"]
            lines.append(
                f"{r['mode']:5s} {r['pages']:3d} pages | first figure median {ff['median']} s "
                f"max {ff['max']} s failed {ff['failed']} | change median {ch.get('median')} ms "
                f"p95 {ch.get('p95')} ms n {ch.get('n')} timeouts {ch.get('failed')} | memory MB "
                f"before {total(mem['before']):.0f} peak {total(mem['peak']):.0f} freed "
                f"{freed and round(total(freed))} after {freed and freed['seconds']} s, warm "
                f"again {total(mem['after']):.0f} ({mem['after_vs_before_pct']:+.1f} %) after "
                f"{mem['back_within_10pct_s']} s | open CPU s server+kernels "
                f"{r['open_cpu']['server_and_kernels_s']} browser {r['open_cpu']['browser_s']} "
                f"protocol client {r['open_cpu'].get('protocol_client_s')} | "
                f"load {r['load_during']}")
        lines += ["targets:", *("  " + t for t in results["targets"])]
        out.with_suffix(".txt").write_text("\n".join(lines) + "\n")
        return lines

    try:
        asyncio.run(main_async(args, results, save))
    except (asyncio.CancelledError, KeyboardInterrupt):
        results["stopped_early"] = True
        print("stopped early: results so far are kept")
    print("\n".join(save(results)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
