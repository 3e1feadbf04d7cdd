"""A local JupyterHub serving the collection to three students (``make hub-test``).

The hub runs deploy/jupyterhub_config.py, the file a school would deploy, with what can run
here in place of the deployment's own parts: the dummy authenticator (any password given
below), ``SimpleLocalProcessSpawner`` (each user a process under a temporary home, not a system
account) and configurable-http-proxy from the npm registry (``npm install`` into build/hub/).
Everything listens on 127.0.0.1. Three students log in (each in their own browser context, so
with their own cookies); each one's server starts with its own copy of the notebooks; each
opens 00_start_here in JupyterLab, runs it and moves a control of its first explorer, then opens
04_infusion in the app view (Voila) and moves a control there. The figure and its description
must change, no page may report an error or ask another host, and every student must have a
server of their own.

Not collected by ``make test`` (the name does not start with ``test_``): it needs
``pip install -e .[hub]`` and the npm proxy, and takes about two minutes on 2 cores.

    make hub-test        # installs jupyterhub and the proxy if missing, then runs this
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import psutil
import pytest

from tools.servers import CHROMIUM_ARGS, chromium_path, free_port, stop, wait_for_port

ROOT = Path(__file__).resolve().parents[2]
PROXY = ROOT / "build" / "hub" / "node_modules" / ".bin" / "configurable-http-proxy"
ARTIFACTS = ROOT / "build" / "hub" / "artifacts"
USERS = ["student1", "student2", "student3"]
PASSWORD = "hub-test-only"
LIVE = ".explorer:not(.explorer-static)"

KERNEL_IDLE = ("() => { const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;"
               " const k = w && w.sessionContext && w.sessionContext.session &&"
               " w.sessionContext.session.kernel;"
               " return !!k && k.connectionStatus === 'connected' && k.status === 'idle'; }")

TEST_CONFIG = """\
# The deployment's own file, then only what a local test needs instead of the real parts.
load_subconfig({deploy!r})
c.JupyterHub.authenticator_class = "dummy"
c.DummyAuthenticator.password = {password!r}
c.Authenticator.allowed_users = set({users!r})
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = {home!r}
c.ConfigurableHTTPProxy.command = [{proxy!r}]
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{proxy_api}"
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {hub_port}
c.JupyterHub.db_url = "sqlite:///{tmp}/jupyterhub.sqlite"
c.JupyterHub.cookie_secret_file = "{tmp}/cookie_secret"
c.ConfigurableHTTPProxy.pid_file = "{tmp}/proxy.pid"
c.JupyterHub.cleanup_servers = True
# the page exposes the Lab app (window.jupyterapp) so the test can run all cells
c.Spawner.args.append("--LabApp.expose_app_in_browser=True")
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120
"""


@pytest.fixture(scope="module")
def hub():
    if not PROXY.exists():
        pytest.fail(f"{PROXY} missing: run `make hub-test` (npm install configurable-http-proxy)")
    if shutil.which("jupyterhub", path=str(Path(sys.executable).parent)) is None:
        pytest.fail("jupyterhub missing: pip install -e '.[hub]' (make hub-test does it)")
    tmp = Path(tempfile.mkdtemp(prefix="cart-hub-"))
    port = free_port()
    config = tmp / "jupyterhub_config.py"
    config.write_text(TEST_CONFIG.format(
        deploy=str(ROOT / "deploy" / "jupyterhub_config.py"), password=PASSWORD, users=USERS,
        home=str(tmp / "home" / "{username}"), proxy=str(PROXY), proxy_api=free_port(),
        hub_port=free_port(), tmp=tmp))
    env = {**os.environ, "CART_HUB_IP": "127.0.0.1", "CART_HUB_PORT": str(port),
           "CART_HUB_ALLOW_ROOT": "1", "CART_COURSE_DIR": str(ROOT)}
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    log = open(ARTIFACTS / "hub.log", "w")
    proc = subprocess.Popen(
        [str(Path(sys.executable).with_name("jupyterhub")), "-f", str(config)], cwd=tmp,
        env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        wait_for_port(port, proc, timeout=120)
        yield {"url": f"http://127.0.0.1:{port}", "proc": proc, "home": tmp / "home"}
    finally:
        stop(proc)
        log.close()
        shutil.rmtree(tmp, ignore_errors=True)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


class Student:
    """One student's browser context; refuses and records requests to any other host."""

    def __init__(self, browser, hub_url: str, name: str):
        self.name, self.hub_url = name, hub_url
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.external: list[str] = []
        self.errors: list[str] = []

        def route(r):
            host = r.request.url.split("/")[2] if "://" in r.request.url else ""
            if r.request.url.startswith(("data:", "blob:")) or host.startswith("127.0.0.1"):
                r.continue_()
            else:
                self.external.append(f"{r.request.url} (from {r.request.frame.url})")
                r.abort()

        self.context.route("**/*", route)
        self.page = self.context.new_page()
        self.page.on("pageerror", lambda exc: self.errors.append(f"{self.name}: {exc}"))

    def log_in(self) -> None:
        page = self.page
        page.goto(f"{self.hub_url}/hub/login", timeout=120_000)
        page.fill("input[name=username]", self.name)
        page.fill("input[name=password]", PASSWORD)
        page.click("input[type=submit], button[type=submit]")
        # the hub spawns the server and sends the student to JupyterLab (Spawner.default_url)
        page.wait_for_url(f"**/user/{self.name}/lab/**", timeout=180_000)


def figure_and_text(explorer) -> tuple[str, str]:
    return tuple(json.loads(explorer.evaluate(
        "el => JSON.stringify([el.querySelector('img.explorer-figure').src,"
        " el.querySelector('.explorer-description').innerText])")))


def move_first_slider(page, explorer, what: str) -> None:
    """ArrowRight (or ArrowLeft at the end) on the first slider: figure and text change."""
    explorer.locator("img.explorer-figure").first.wait_for(timeout=120_000)
    page.wait_for_function("el => { const i = el.querySelector('img.explorer-figure');"
                           " return i.complete && i.naturalWidth > 0; }",
                           arg=explorer.element_handle(), timeout=60_000)
    before = figure_and_text(explorer)
    handle = explorer.locator(".noUi-handle").first
    handle.focus()
    at_end = handle.get_attribute("aria-valuenow") == handle.get_attribute("aria-valuemax")
    page.keyboard.press("ArrowLeft" if at_end else "ArrowRight")
    try:
        page.wait_for_function(
            "([el, b]) => { const i = el.querySelector('img.explorer-figure');"
            " return i.src !== b[0] && i.complete && i.naturalWidth > 0 &&"
            " el.querySelector('.explorer-description').innerText !== b[1]; }",
            arg=[explorer.element_handle(), list(before)], timeout=30_000)
    except Exception as exc:  # noqa: BLE001
        page.screenshot(path=str(ARTIFACTS / f"{what}-failure.png"))
        raise AssertionError(f"{what}: moving the first slider changed nothing") from exc


def test_three_students_lab_and_app_view(hub, browser):
    students = [Student(browser, hub["url"], name) for name in USERS]
    for s in students:
        s.log_in()

    # every student has a server of their own, each with their own copy of the notebooks
    singles = [p for p in psutil.Process(hub["proc"].pid).children(recursive=True)
               if "jupyterhub-singleuser" in " ".join(p.cmdline())]
    assert len(singles) == len(USERS), [p.cmdline() for p in singles]
    for name in USERS:
        assert (hub["home"] / name / "car-t-explained" / "notebooks" /
                "04_infusion.ipynb").is_file(), name

    for s in students:
        page = s.page
        # JupyterLab: the first notebook is open; run it, then a control must work
        page.wait_for_selector(".jp-NotebookPanel", timeout=120_000)
        page.wait_for_function(KERNEL_IDLE, timeout=120_000)
        page.evaluate("() => { window.jupyterapp.commands.execute("
                      "'notebook:clear-all-cell-outputs').then(() =>"
                      " window.jupyterapp.commands.execute('notebook:run-all-cells')); }")
        explorer = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .explorer").first
        move_first_slider(page, explorer, f"{s.name}-lab")
        errors = page.locator(".jp-OutputArea-output[data-mime-type="
                              "'application/vnd.jupyter.error']")
        assert errors.count() == 0, f"{s.name}: {errors.all_inner_texts()}"
        page.screenshot(path=str(ARTIFACTS / f"{s.name}-lab.png"))

        # the app view of the same server
        page.goto(f"{hub['url']}/user/{s.name}/voila/render/car-t-explained/notebooks/"
                  "04_infusion.ipynb", timeout=180_000)
        explorer = page.locator(LIVE).first
        move_first_slider(page, explorer, f"{s.name}-voila")
        page.screenshot(path=str(ARTIFACTS / f"{s.name}-voila.png"))

    for s in students:
        assert not s.external, f"{s.name} asked other hosts: {s.external[:5]}"
        assert not s.errors, s.errors
        s.context.close()
