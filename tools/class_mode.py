"""The app view for a class: Voilà with warm kernels waiting, no leaked kernels, memory shown.

    python -m tools.class_mode --notebook 04_infusion --seats 30   # make class
    python -m tools.class_mode                                     # make app

(from the repository root: Voilà reads ./voila.json, the template and the culling settings).

Class mode (``--notebook``, ``--seats``) pre-heats ``seats`` kernels of that notebook only
(Voilà's per-notebook pool, ``VoilaKernelManager.kernel_pools_config``; other notebooks still
open, with a kernel started on demand). The pool is filled before the class arrives and is NOT
refilled while pages open: Voilà 0.5 refills one kernel ``fill_delay`` seconds after each page
takes one, and a refill costs a kernel start and a run of the notebook (1-3 s of CPU) that would
compete with the class on the same cores. The pool fills again once the class has left (no page
holds a kernel any more). Seats are warmed a few at a time (``warm_batch``, the number of
cores): 30 started at once on 2 cores made Voila render pages without their outputs (its 4 s
wait for a cell's output ran out; it now waits 30 s) and two kernels collide on a port
(``ZMQError: Address already in use``). A line with the word "ready" says when every seat's
kernel is warm (started and the notebook run) and how much memory the server and its kernels
hold.

App mode (no ``--notebook``) is what ``make app`` runs: one warm kernel per notebook, refilled
as Voilà does it.

Both modes, so that kernels do not leak:

* Closing a page frees its kernel. The page's shutdown beacon (POST /voila/api/shutdown/<id>)
  carries the ``_xsrf`` value it reads from the ``_xsrf`` cookie, but Voilà 0.5 never sets that
  cookie, so every beacon is refused with 403 ("'_xsrf' argument missing from POST", upstream
  voila-dashboards/voila#1458, open, no fix released in 0.5.13). Here the page handler sets the
  cookie when it serves the page; the XSRF check itself is untouched (cookie and form value
  must match, as for every other POST).
* Kernels whose page went away without a beacon (browser crashed, laptop asleep) are culled
  after ``cull_idle_timeout`` seconds without activity and without a connection (voila.json:
  MappingKernelManager; ``--cull-idle`` overrides it). Connected kernels are never culled.
* The kernels share the frames they draw (``CART_SHARED_FRAMES``, a private temporary
  directory removed when the server stops): a figure one student's kernel drew for a slider
  value is read, not drawn again, by every other kernel showing the same explorer.
* Scenes skip their animated-GIF static fallback (``CART_STATIC_FALLBACK=still``): the app view
  shows the live widgets, and the GIF cost more than half of a page's kernel CPU.

It listens on 127.0.0.1 unless ``--host`` says otherwise. On another interface anyone who can
reach the port can run code in its kernels (the app view hides the code, but a kernel executes
whatever a page sends it): use it on a trusted classroom network only. For a host other than
127.0.0.1/localhost a token is required (``--token``, or one is made up and printed with the
address the students open).
"""

from __future__ import annotations

import argparse
import atexit
import os
import secrets
import shutil
import sys
import tempfile
import time
from pathlib import Path

from traitlets import Float, Integer, Unicode
from voila.app import Voila
from voila.tornado.handler import TornadoVoilaHandler

ROOT = Path(__file__).resolve().parents[1]
LOOPBACK = ("127.0.0.1", "localhost", "::1")


class PageHandler(TornadoVoilaHandler):
    """Voilà's page handler that also sets the ``_xsrf`` cookie, so the page's shutdown beacon
    is accepted when the page closes (voila-dashboards/voila#1458)."""

    async def prepare(self, *args, **kwargs):
        await super().prepare(*args, **kwargs)
        self.xsrf_token  # noqa: B018 - reading it sets the cookie (tornado)


def memory(pid: int | None = None) -> dict:
    """Resident memory (bytes) of a server process and of its child processes (the kernels)."""
    import psutil

    proc = psutil.Process(pid or os.getpid())
    kids = []
    for child in proc.children(recursive=True):
        try:
            kids.append(child.memory_info().rss)
        except psutil.Error:  # exited meanwhile
            pass
    return {"server": proc.memory_info().rss, "kernels": sum(kids), "n_kernels": len(kids)}


def describe_memory(m: dict) -> str:
    gb = 1024 ** 3
    return (f"server {m['server'] / 2**20:.0f} MB, {m['n_kernels']} kernels "
            f"{m['kernels'] / gb:.2f} GB, total {(m['server'] + m['kernels']) / gb:.2f} GB")


def _warm(task) -> str | None:
    """The kernel id of a pool entry whose kernel has started and run the notebook, else None."""
    if not task.done() or task.cancelled() or task.exception() is not None:
        return None
    content = task.result()
    return content["kernel_id"] if content["task"].done() else None


class CartVoila(Voila):
    """Voilà with the class-mode pool, the beacon fix and a status line."""

    class_notebook = Unicode("", config=True, help="Notebook (relative to the root) whose "
                             "kernels are pre-heated for a class; empty: app mode")
    seats = Integer(0, config=True, help="Warm kernels of class_notebook")
    status_interval = Float(2.0, config=True, help="Seconds between pool checks")
    refill_quiet = Float(10.0, config=True, help="Seconds with no page holding a kernel "
                         "before the class pool fills again")
    warm_batch = Integer(os.cpu_count() or 2, config=True, help="Seats warmed at the same "
                         "time (all 30 at once on 2 cores: outputs time out, ports collide)")

    def init_handlers(self):
        return [(h[0], PageHandler, *h[2:]) if h[1] is TornadoVoilaHandler else h
                for h in super().init_handlers()]

    def init_settings(self):
        if self.class_notebook:
            # empty at first: _check starts the seats a few at a time (warm_batch)
            self.config.VoilaKernelManager.kernel_pools_config = {
                self.class_notebook: {"pool_size": 0}, "default": {"pool_size": 0}}
        settings = super().init_settings()
        km = self.kernel_manager
        self._t0 = time.time()
        self._ready = False
        self._last_status = None
        self._empty_since = None
        self._warming = True
        if self.class_notebook and hasattr(km, "_pools"):
            fill = km.fill_if_needed
            self._fill = fill

            def fill_if_needed(delay=None, notebook_name=None, **kwargs):
                if notebook_name == self.class_notebook and delay is None:
                    return  # a page took a kernel: no refill while the class arrives
                return fill(delay=delay, notebook_name=notebook_name, **kwargs)

            km.fill_if_needed = fill_if_needed  # the instance's, for get_rendered_notebook
        from tornado.ioloop import PeriodicCallback

        self._checker = PeriodicCallback(self._check, self.status_interval * 1000)
        self._checker.start()
        return settings

    @property
    def page_url(self) -> str:
        host = "localhost" if self.ip in ("", "0.0.0.0", "::") else self.ip
        url = f"http://{host}:{self.port}{self.base_url.rstrip('/')}"
        token = f"?token={self.token}" if self.token else ""
        return f"{url}/voila/render/{self.class_notebook}{token}" if self.class_notebook else (
            f"{url}/{token}")

    # -- the pool, watched every status_interval seconds -----------------------------------------
    def _check(self) -> None:
        km = self.kernel_manager
        pools = getattr(km, "_pools", {})
        targets = {nb: len(p) for nb, p in pools.items() if p or nb == self.class_notebook}
        if self.class_notebook:
            targets = {self.class_notebook: self.seats}
        warm = {nb: [k for k in map(_warm, pools.get(nb, [])) if k] for nb in targets}
        pending = sum(len(pools.get(nb, [])) - len(warm[nb]) for nb in targets)
        pooled = {k for ks in warm.values() for k in ks}
        # kernels not in the pool, less those a pool entry is starting
        held = max(0, sum(k not in pooled for k in km.list_kernel_ids()) - pending)
        n_warm = sum(len(v) for v in warm.values())
        n_target = sum(targets.values())
        status = (n_warm, pending, held)
        if status != self._last_status:
            self._last_status = status
            print(f"[class] {time.strftime('%H:%M:%S')} warm {n_warm}/{n_target}, starting "
                  f"{pending}, pages holding a kernel {held}; {describe_memory(memory())}",
                  flush=True)
        if n_target and n_warm == n_target and not self._ready:
            self._ready = True
            what = (f"{self.seats} seats of {self.class_notebook}" if self.class_notebook
                    else f"{n_target} notebooks")
            print(f"[class] ready: {what} warm after {time.time() - self._t0:.0f} s; "
                  f"{describe_memory(memory())}; open {self.page_url}", flush=True)
        if not self.class_notebook:
            return
        if held or pending or n_warm >= self.seats:
            self._empty_since = None
        elif self._empty_since is None:
            self._empty_since = time.time()
        quiet = time.time() - self._empty_since if self._empty_since else 0.0
        start, warming = next_batch(self.seats, n_warm, pending, held, self._warming, quiet,
                                    self.refill_quiet, self.warm_batch)
        if warming and not self._warming:
            print(f"[class] the class has left: warming {self.seats - n_warm - pending} seats "
                  "again", flush=True)
            self._t0 = time.time()
        if n_warm + pending < self.seats:
            self._ready = False
        self._warming = warming
        if start:
            km.kernel_pools_config[self.class_notebook]["pool_size"] = n_warm + pending + start
            self._fill(delay=0, notebook_name=self.class_notebook)


def next_batch(seats: int, warm: int, pending: int, held: int, warming: bool, quiet: float,
               refill_quiet: float, batch: int) -> tuple[int, bool]:
    """(kernels to start now, still warming) for the class pool.

    Warming goes on, ``batch`` kernels at a time, until every seat is warm (a kernel an early
    student takes meanwhile is replaced). Once the pool was full, taken kernels are not
    replaced until the class has left: no page has held a kernel for ``refill_quiet`` s."""
    have = warm + pending
    if warm >= seats:
        return 0, False
    if not warming and held == 0 and pending == 0 and quiet >= refill_quiet:
        warming = True
    if not warming:
        return 0, False
    return max(0, min(batch - pending, seats - have)), True


def voila_argv(args: argparse.Namespace) -> list[str]:
    """Voilà's command line for these options (the notebooks folder is served)."""
    argv = [str(args.root), "--no-browser", f"--Voila.ip={args.host}", f"--port={args.port}",
            "--preheat_kernel=True",
            # a notebook's outputs may arrive late on a busy machine: wait for them (default
            # 4 s, after which Voila renders the page without them)
            "--VoilaExecutor.iopub_timeout=30"]
    if args.notebook:
        name = args.notebook if args.notebook.endswith(".ipynb") else f"{args.notebook}.ipynb"
        if not (Path(args.root) / name).is_file():
            raise SystemExit(f"no notebook {name} in {args.root}")
        argv += ["--pool_size=0", f"--CartVoila.class_notebook={name}",
                 f"--CartVoila.seats={args.seats}"]
    else:
        argv += ["--pool_size=1"]
    if args.token is not None:
        argv.append(f"--Voila.token={args.token}")
    if args.cull_idle is not None:
        argv += [f"--MappingKernelManager.cull_idle_timeout={args.cull_idle}",
                 f"--MappingKernelManager.cull_interval={max(1, min(60, args.cull_idle // 2))}"]
    return argv + list(args.voila_args)


def parse(argv=None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--notebook", help="class mode: the notebook, e.g. 04_infusion")
    ap.add_argument("--seats", type=int, default=30, help="class mode: warm kernels (30)")
    ap.add_argument("--host", default="127.0.0.1",
                    help="interface to listen on (127.0.0.1; 0.0.0.0: every interface)")
    ap.add_argument("--port", type=int, default=8866)
    ap.add_argument("--token", help="token students add to the address (?token=...); "
                    "made up when --host is not the loopback")
    ap.add_argument("--cull-idle", type=int, help="seconds before an idle kernel without a "
                    "page is shut down (default: voila.json, 600)")
    ap.add_argument("--root", default=str(ROOT / "notebooks"))
    ap.add_argument("voila_args", nargs="*", help="more Voilà options, after --")
    args = ap.parse_args(argv)
    if args.seats < 1:
        ap.error("--seats must be at least 1")
    if args.host not in LOOPBACK and args.token is None:
        args.token = secrets.token_urlsafe(9)
    return args


def main(argv=None) -> None:
    args = parse(argv)
    os.environ.setdefault("CART_STATIC_FALLBACK", "still")  # kernels inherit it
    # the class shares its frames: a figure one kernel drew is read by the others
    # (explainer.widgets.frames.SharedFrames); a private directory, removed when we stop
    if "CART_SHARED_FRAMES" not in os.environ:
        shared = tempfile.mkdtemp(prefix="cart-frames-")  # mode 0700
        os.environ["CART_SHARED_FRAMES"] = shared
        atexit.register(shutil.rmtree, shared, ignore_errors=True)
    if args.host not in LOOPBACK:
        print(f"[class] listening on {args.host}: anyone who can reach port {args.port} and "
              f"knows the token can run code in these kernels; use a trusted classroom network. "
              f"Students open http://<this machine's address>:{args.port}/voila/render/"
              f"{args.notebook or '00_start_here'}"
              f"{'' if args.notebook and args.notebook.endswith('.ipynb') else '.ipynb'}"
              f"?token={args.token}", flush=True)
    CartVoila.launch_instance(voila_argv(args))


if __name__ == "__main__":
    sys.exit(main())
