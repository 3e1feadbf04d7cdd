"""A student's page without a browser: what the Voilà server and the kernel do for one page.

In a classroom each student's browser runs on the student's own machine; on this 2-core
machine 30 headless Chromium pages need 5-7 s of CPU each (Voilà's 5 MB of JavaScript, layout,
images), several times what the server and its kernels spend, so a benchmark with 30 browsers
here measures the browsers. ``ProtocolPage`` does what the page asks of the server, and only
that, so 30 of them load the server as 30 students on their own machines would:

* **open**: GET the page (Voilà streams the pre-rendered notebook), GET every asset the real
  page fetched (``record_assets`` lists them once from one Chromium page; six at a time, as a
  browser does), open the kernel's websocket, ask for kernel info, open the widget control comm
  and ``request_states`` (what ipywidgets 8's manager does to show the widgets). The first
  figure is "shown" when the states arrive with the first explorer's figure image in them;
* **move**: set the value of the first slider of the first explorer (the page's first
  ``widget-view`` output), as the slider does, and time until the kernel sends that explorer's
  new figure image;
* **close**: the page's shutdown beacon (POST /voila/api/shutdown/<kernel> with the ``_xsrf``
  cookie's value), then the websocket closes.

Used by ``python -m benchmarks.class_load --client protocol``.
"""

from __future__ import annotations

import asyncio
import json
import math
import re
import time
import uuid
from http.cookies import SimpleCookie
from urllib.parse import urlsplit

from jupyter_server.services.kernels.connection.base import (
    deserialize_msg_from_ws_v1,
    serialize_msg_to_ws_v1,
)
from tornado.httpclient import AsyncHTTPClient, HTTPRequest
from tornado.websocket import websocket_connect

SLIDERS = ("FloatSliderModel", "IntSliderModel", "FloatLogSliderModel")
_CONFIG = re.compile(r'<script id="jupyter-config-data" type="application/json">(.*?)</script>',
                     re.S)
#: a widget view in the page: Voilà writes each output as JSON, the view's model id inside
_VIEW = re.compile(r'"application/vnd\.jupyter\.widget-view\+json": \{"model_id": "([0-9a-f]+)"')


async def record_assets(browser, url: str) -> list[str]:
    """The same-server GET requests (paths) one real page makes besides the page itself and
    the kernel API: scripts, styles, fonts, federated extensions."""
    ctx = await browser.new_context()
    page = await ctx.new_page()
    seen: list[str] = []
    host = urlsplit(url).netloc
    page.on("request", lambda r: seen.append(r.url) if r.method == "GET" else None)
    await page.goto(url)
    await page.wait_for_function(
        "(() => { const i = document.querySelector('.explorer:not(.explorer-static) "
        "img.explorer-figure'); return i && i.naturalWidth > 0; })()", timeout=120_000)
    await page.wait_for_timeout(1000)
    await page.close(run_before_unload=True)
    await ctx.close()
    out = []
    for u in dict.fromkeys(seen):
        parts = urlsplit(u)
        if parts.netloc != host or "/api/" in parts.path or parts.path.endswith(".ipynb"):
            continue
        out.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return out


class ProtocolPage:
    """One student's page, spoken in the Jupyter protocol (see the module docstring)."""

    def __init__(self, base: str, page_path: str, assets: list[str]):
        self.base, self.page_path, self.assets = base.rstrip("/"), page_path, assets
        self.http = AsyncHTTPClient(force_instance=True, max_clients=6)
        self.cookies: dict[str, str] = {}
        self.session = uuid.uuid4().hex
        self.ws = None
        self.kernel_id = None
        self.states: dict = {}
        self.figure_id = self.slider_id = None
        self._waiters: list[tuple[callable, asyncio.Future]] = []
        self._reader = None
        self._failed: Exception | None = None

    # -- HTTP ---------------------------------------------------------------------------------
    def _cookie_header(self) -> dict:
        return {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())} if \
            self.cookies else {}

    def _keep_cookies(self, resp):
        for h in resp.headers.get_list("Set-Cookie"):
            c = SimpleCookie()
            c.load(h)
            self.cookies.update({k: m.value for k, m in c.items()})

    async def _get(self, path: str, timeout: float) -> str:
        resp = await self.http.fetch(HTTPRequest(self.base + path, headers=self._cookie_header(),
                                                 request_timeout=timeout))
        self._keep_cookies(resp)
        return resp.body

    # -- the kernel's websocket ---------------------------------------------------------------
    def _msg(self, msg_type: str, content: dict, channel: str = "shell",
             metadata: dict | None = None) -> bytes:
        """A message in the page's websocket protocol (v1.kernel.websocket.jupyter.org)."""
        header = {"msg_id": uuid.uuid4().hex, "msg_type": msg_type, "username": "student",
                  "session": self.session, "date": time.strftime("%Y-%m-%dT%H:%M:%SZ"),
                  "version": "5.3"}
        parts = [json.dumps(x).encode() for x in (header, {}, metadata or {}, content)]
        return serialize_msg_to_ws_v1(parts, channel)

    @staticmethod
    def _parse(raw: bytes) -> dict:
        channel, parts = deserialize_msg_from_ws_v1(raw)
        header, parent, metadata, content = (json.loads(x) for x in parts[:4])
        return {"channel": channel, "header": header, "msg_type": header.get("msg_type"),
                "parent_header": parent, "metadata": metadata, "content": content,
                "buffers": parts[4:]}

    async def _read(self):
        try:
            while True:
                raw = await self.ws.read_message()
                if raw is None:
                    raise ConnectionError(f"websocket closed ({self.ws.close_code} "
                                          f"{self.ws.close_reason})")
                msg = self._parse(raw)
                for pred, fut in list(self._waiters):
                    if not fut.done() and pred(msg):
                        fut.set_result(msg)
                        self._waiters.remove((pred, fut))
        except Exception as exc:  # noqa: BLE001 - handed to whoever waits
            for _, fut in self._waiters:
                if not fut.done():
                    fut.set_exception(exc)
            self._waiters.clear()
            self._failed = exc

    def _expect(self, pred) -> asyncio.Future:
        fut = asyncio.get_running_loop().create_future()
        if self._failed is not None:
            fut.set_exception(self._failed)
            return fut
        self._waiters.append((pred, fut))
        return fut

    @staticmethod
    def _comm(msg) -> tuple[str | None, dict]:
        if msg.get("msg_type") != "comm_msg":
            return None, {}
        c = msg.get("content") or {}
        return c.get("comm_id"), c.get("data") or {}

    async def open(self, timeout: float = 120) -> float:
        """Seconds from the first request to the first explorer's figure in the page's hands."""
        t0 = time.perf_counter()
        html = (await self._get(self.page_path, timeout)).decode("utf-8", "replace")
        cfg = json.loads(_CONFIG.search(html).group(1))
        self.kernel_id = cfg["kernelId"]
        views = _VIEW.findall(html)
        sem = asyncio.Semaphore(6)

        async def asset(path):
            async with sem:
                await self._get(path, timeout)

        await asyncio.gather(*(asset(p) for p in self.assets))
        ws_url = (self.base.replace("http", "ws", 1) + f"/api/kernels/{self.kernel_id}/channels"
                  f"?session_id={self.session}")
        self.ws = await websocket_connect(HTTPRequest(ws_url, headers=self._cookie_header(),
                                                      request_timeout=timeout),
                                          max_message_size=256 * 2**20,
                                          subprotocols=["v1.kernel.websocket.jupyter.org"])
        self._reader = asyncio.ensure_future(self._read())
        info = self._expect(lambda m: m.get("msg_type") == "kernel_info_reply")
        await self.ws.write_message(binary=True, message=self._msg("kernel_info_request", {}))
        await asyncio.wait_for(info, timeout)
        comm_id = uuid.uuid4().hex
        states = self._expect(lambda m: self._comm(m)[0] == comm_id and
                              self._comm(m)[1].get("method") == "update_states")
        await self.ws.write_message(binary=True, message=self._msg("comm_open", {
            "comm_id": comm_id, "target_name": "jupyter.widget.control", "data": {}},
            metadata={"version": "1.0.0"}))  # ipywidgets' control protocol
        await self.ws.write_message(binary=True, message=self._msg("comm_msg", {
            "comm_id": comm_id, "data": {"method": "request_states"}}))
        reply = await asyncio.wait_for(states, timeout)
        self.states = self._comm(reply)[1]["states"]
        self._find_first_explorer(views)
        if self.figure_id is None:
            raise RuntimeError("no live explorer figure in the widget states")
        return time.perf_counter() - t0

    def _find_first_explorer(self, views: list[str]):
        def kids(mid):
            ch = self.states.get(mid, {}).get("state", {}).get("children") or []
            return [c.replace("IPY_MODEL_", "") for c in ch]

        def walk(mid):
            yield mid
            for k in kids(mid):
                yield from walk(k)

        for v in views:
            classes = self.states.get(v, {}).get("state", {}).get("_dom_classes") or []
            if "explorer" not in classes:
                continue
            tree = list(walk(v))
            figs = [m for m in tree if self.states[m]["model_name"] == "ImageModel" and
                    "explorer-figure" in (self.states[m]["state"].get("_dom_classes") or [])]
            sliders = [m for m in tree if self.states[m]["model_name"] in SLIDERS and
                       not self.states[m]["state"].get("disabled")]
            if figs and sliders:
                self.figure_id, self.slider_id = figs[0], sliders[0]
                return

    async def move(self, seconds: float, every_s: float = 0.5, timeout: float = 5,
                   phase: float = 0.0) -> list[float]:
        """Step the slider every ``every_s`` seconds, the first step after ``phase`` seconds;
        milliseconds to the new figure (-1 for a change not shown within ``timeout``)."""
        await asyncio.sleep(phase)
        s = self.states[self.slider_id]
        st, log = s["state"], s["model_name"] == "FloatLogSliderModel"
        out, direction, stop = [], 1, time.time() + seconds
        pos = math.log(st["value"], st.get("base", 10)) if log else st["value"]
        while time.time() < stop:
            t_start = time.time()
            nxt = pos + direction * st["step"]
            if nxt > st["max"] + 1e-12 or nxt < st["min"] - 1e-12:
                direction = -direction
                nxt = pos + direction * st["step"]
            pos = nxt
            value = st.get("base", 10) ** pos if log else pos
            if s["model_name"] == "IntSliderModel":
                value = int(round(value))
            shown = self._expect(lambda m: self._comm(m)[0] == self.figure_id and
                                 self._comm(m)[1].get("method") == "update" and
                                 "value" in str(self._comm(m)[1].get("buffer_paths")))
            t0 = time.perf_counter()
            await self.ws.write_message(binary=True, message=self._msg("comm_msg", {
                "comm_id": self.slider_id,
                "data": {"method": "update", "state": {"value": value}, "buffer_paths": []}}))
            try:
                await asyncio.wait_for(shown, timeout)
                out.append((time.perf_counter() - t0) * 1000)
            except TimeoutError:
                out.append(-1)
            await asyncio.sleep(max(0.0, every_s - (time.time() - t_start)))
        return out

    async def close(self):
        """The page's shutdown beacon, then the websocket closes."""
        try:
            if self.kernel_id:
                xsrf = self.cookies.get("_xsrf", "")
                await self.http.fetch(HTTPRequest(
                    f"{self.base}/voila/api/shutdown/{self.kernel_id}", method="POST",
                    body=f"_xsrf={xsrf}", headers={
                        **self._cookie_header(),
                        "Content-Type": "application/x-www-form-urlencoded"}),
                    raise_error=False)
        finally:
            if self.ws is not None:
                self.ws.close()
            if self._reader is not None:
                self._reader.cancel()
            self.http.close()
