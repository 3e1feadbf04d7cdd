"""Fixtures for browser tests: Voilà and JupyterLab servers on 127.0.0.1, headless Chromium.

Chromium comes from the system (Debian's `chromium`, /usr/bin/chromium): Playwright cannot
download its own browser here. Set CHROMIUM=/path to override. If Chromium is missing the tests
FAIL (they are never skipped: CI installs it in .ci/run).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tools import servers
from tools.servers import CHROMIUM_ARGS, free_port, stop, wait_for_port

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "browser" / "artifacts"
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
#: Offline for real: a page may ask only the local server (and data:/blob: URLs). Every other
#: request is refused and recorded, and every console error fails the test (nothing is ignored).
LOCAL_HOSTS = ("127.0.0.1", "localhost")
#: Voila finds the app-view template (voila.json: share/jupyter/voila/templates/cart, the lab
#: template without Font Awesome links to cdn.jsdelivr.net) on this path; servers inherit it.
_SHARE = str(ROOT / "share" / "jupyter")
if _SHARE not in os.environ.get("JUPYTER_PATH", "").split(os.pathsep):
    os.environ["JUPYTER_PATH"] = os.pathsep.join(
        p for p in (_SHARE, os.environ.get("JUPYTER_PATH", "")) if p)


def is_local(url: str) -> bool:
    from urllib.parse import urlparse

    u = urlparse(url)
    return u.scheme in ("data", "blob", "file", "about") or u.hostname in LOCAL_HOSTS


def chromium_path() -> str:
    try:
        return servers.chromium_path()
    except FileNotFoundError as exc:  # never skipped: CI installs Chromium in .ci/run
        pytest.fail(str(exc))


@pytest.fixture(scope="session")
def voila_url():
    port = free_port()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    log = open(ARTIFACTS / "voila.log", "w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "voila", str(ROOT / "notebooks"), "--no-browser",
         f"--port={port}", "--Voila.ip=127.0.0.1", "--ServerApp.token="],
        # cwd=ROOT: Voilà reads ./voila.json (the lab extensions it does not load)
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        wait_for_port(port, proc)
        yield f"http://127.0.0.1:{port}"
    finally:
        stop(proc)
        log.close()


@pytest.fixture(scope="session")
def lab_url():
    port = free_port()
    token = "cart-explained-test"
    settings = Path(tempfile.mkdtemp(prefix="lab-settings-"))
    (settings / "@jupyterlab" / "docmanager-extension").mkdir(parents=True)
    (settings / "@jupyterlab" / "docmanager-extension" / "plugin.jupyterlab-settings").write_text(
        json.dumps({"autosave": False}))
    (settings / "@jupyterlab" / "notebook-extension").mkdir(parents=True)
    (settings / "@jupyterlab" / "notebook-extension" / "tracker.jupyterlab-settings").write_text(
        json.dumps({"windowingMode": "none"}))
    (settings / "@jupyterlab" / "apputils-extension").mkdir(parents=True)
    (settings / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings"
     ).write_text(json.dumps({"fetchNews": "false", "checkForUpdates": False}))
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    log = open(ARTIFACTS / "lab.log", "w")
    args = [sys.executable, "-m", "jupyterlab", "--no-browser", f"--port={port}",
            "--ServerApp.ip=127.0.0.1", f"--IdentityProvider.token={token}",
            f"--LabApp.user_settings_dir={settings}",
            f"--LabApp.workspaces_dir={settings / 'workspaces'}",
            "--LabApp.expose_app_in_browser=True",
            f"--FileCheckpoints.checkpoint_dir={settings / 'checkpoints'}"]
    if os.geteuid() == 0:
        args.append("--allow-root")
    proc = subprocess.Popen(args, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)
    try:
        wait_for_port(port, proc)
        yield f"http://127.0.0.1:{port}", token
    finally:
        stop(proc)
        log.close()
        shutil.rmtree(settings, ignore_errors=True)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


class PageErrors:
    """Collects every console error, uncaught page error and request to another host.

    ``external`` lists the URLs a page asked for outside the local server (they are refused by
    the context's route, see ``page``); ``assert_clean`` fails on any of the three."""

    def __init__(self, page):
        self.console: list[str] = []
        self.page: list[str] = []
        self.external: list[str] = []
        page.on("console", self._on_console)
        page.on("pageerror", lambda exc: self.page.append(str(exc)))

    def _on_console(self, msg):
        if msg.type == "error":
            self.console.append(msg.text)

    def assert_clean(self):
        assert not self.external, f"requests to hosts other than the local server: {self.external}"
        assert not self.page, f"uncaught page errors: {self.page}"
        assert not self.console, f"console errors: {self.console}"


def refuse_external(context, errors: PageErrors) -> None:
    """Route every request of a browser context: local ones go on, others are aborted and
    recorded (so an offline classroom sees what the test sees)."""

    def route(r):
        if is_local(r.request.url):
            r.continue_()
        else:
            errors.external.append(r.request.url)
            r.abort()

    context.route("**/*", route)


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.errors = PageErrors(pg)
    refuse_external(context, pg.errors)
    yield pg
    context.close()
