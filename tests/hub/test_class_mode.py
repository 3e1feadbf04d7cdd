"""Class mode and the course deployment files, without a hub (these run in `make test`).

The JupyterHub itself is tested by check_hub.py (`make hub-test`)."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
import yaml
from traitlets.config import Config

from explainer.widgets import animated
from tools import class_mode
from tools.servers import CHROMIUM_ARGS, chromium_path, free_port, stop, wait_for_port

ROOT = Path(__file__).resolve().parents[2]


# -- the static fallback switch ----
@pytest.mark.parametrize("env, expected", [
    ({}, "animated"),
    ({"VOILA_PREHEAT": "False"}, "still"),  # every Voila kernel has VOILA_PREHEAT set
    ({"VOILA_PREHEAT": "True", "CART_STATIC_FALLBACK": "animated"}, "animated"),
    ({"CART_STATIC_FALLBACK": "still"}, "still"),
])
def test_static_fallback_switch(monkeypatch, env, expected):
    for key in ("VOILA_PREHEAT", "CART_STATIC_FALLBACK"):
        monkeypatch.delenv(key, raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    assert animated.static_fallback() == expected


def test_static_fallback_rejects_other_values(monkeypatch):
    monkeypatch.setenv("CART_STATIC_FALLBACK", "webp")
    with pytest.raises(ValueError, match="CART_STATIC_FALLBACK"):
        animated.static_fallback()


def test_still_fallback_is_the_frame_shown_not_a_gif(monkeypatch):
    from explainer.widgets.scenes_infusion import SynapseScene

    monkeypatch.setenv("CART_STATIC_FALLBACK", "still")
    scene = SynapseScene(key="class-mode-test")
    try:
        t0 = time.process_time()
        mime, data, alt = scene.static_image()
        spent = time.process_time() - t0
        assert mime != "image/gif" and mime.startswith("image/")
        assert data == scene.image_bytes()
        assert alt == scene.describe()
        assert spent < 0.3, f"still fallback took {spent:.2f} s of CPU"
        assert "image/gif" not in scene.static_html()
    finally:
        scene.close()


# -- the launcher's options ----
def test_class_mode_listens_on_loopback_without_token_by_default():
    args = class_mode.parse(["--notebook", "04_infusion", "--seats", "3"])
    assert args.host == "127.0.0.1" and args.token is None
    argv = class_mode.voila_argv(args)
    assert "--Voila.ip=127.0.0.1" in argv
    assert "--CartVoila.class_notebook=04_infusion.ipynb" in argv
    assert "--CartVoila.seats=3" in argv and "--pool_size=0" in argv
    assert not any(a.startswith("--Voila.token") for a in argv)


def test_class_mode_on_the_network_requires_a_token():
    args = class_mode.parse(["--notebook", "04_infusion", "--host", "0.0.0.0"])
    assert args.token and len(args.token) >= 12
    assert f"--Voila.token={args.token}" in class_mode.voila_argv(args)
    mine = class_mode.parse(["--host", "0.0.0.0", "--token", "room-12"])
    assert "--Voila.token=room-12" in class_mode.voila_argv(mine)


def test_class_mode_refuses_bad_options():
    with pytest.raises(SystemExit):
        class_mode.parse(["--notebook", "04_infusion", "--seats", "0"])
    with pytest.raises(SystemExit, match="no notebook"):
        class_mode.voila_argv(class_mode.parse(["--notebook", "99_nothing"]))


def test_app_mode_is_one_warm_kernel_per_notebook():
    argv = class_mode.voila_argv(class_mode.parse([]))
    assert "--pool_size=1" in argv and "--preheat_kernel=True" in argv
    assert not any("class_notebook" in a for a in argv)


# -- culling settings ----
def test_idle_kernels_are_culled_in_the_app_view_and_in_the_hub():
    voila = json.loads((ROOT / "voila.json").read_text())["MappingKernelManager"]
    c = Config()
    exec(compile((ROOT / "jupyter_server_config.py").read_text(), "jupyter_server_config.py",
                 "exec"), {"get_config": lambda: c})
    server = c.MappingKernelManager
    for conf in (voila, server):
        assert 300 <= conf["cull_idle_timeout"] <= 1800  # a lesson: 5-30 min
        assert 10 <= conf["cull_interval"] <= 120
        assert conf["cull_connected"] is False  # an open page keeps its kernel
    assert voila["cull_idle_timeout"] == server["cull_idle_timeout"]
    assert c.ServerApp.tornado_settings == {"mathjax_url": None, "mathjax_config": None}


# -- deployment files ----
def load_hub_config(monkeypatch, course: Path) -> Config:
    monkeypatch.setenv("CART_COURSE_DIR", str(course))
    c = Config()
    path = ROOT / "deploy" / "jupyterhub_config.py"
    exec(compile(path.read_text(), str(path), "exec"),
         {"get_config": lambda: c, "__file__": str(path)})
    return c


def test_hub_config_points_at_the_collection(monkeypatch):
    c = load_hub_config(monkeypatch, ROOT)
    url = c.Spawner.default_url
    assert url.startswith("/lab/tree/car-t-explained/notebooks/")
    assert (ROOT / "notebooks" / Path(url).name).is_file()
    env = c.Spawner.environment
    assert (Path(env["JUPYTER_CONFIG_PATH"]) / "voila.json").is_file()
    assert (Path(env["JUPYTER_CONFIG_PATH"]) / "jupyter_server_config.py").is_file()
    assert (Path(env["JUPYTER_PATH"]) / "voila" / "templates" / "cart").is_dir()
    assert Path(c.Spawner.cmd[0]).name == "jupyterhub-singleuser"


def test_hub_gives_each_user_their_own_copy(monkeypatch, tmp_path):
    course = tmp_path / "course"
    (course / "notebooks").mkdir(parents=True)
    (course / "notebooks" / "00_start_here.ipynb").write_text("{}")
    (course / "notebooks" / "00_start_here.md").write_text("paired source")
    c = load_hub_config(monkeypatch, course)

    class User:
        name = "no-such-system-user-cart"

    class Spawner:
        user = User()
        home_dir = str(tmp_path / "home")

    c.Spawner.pre_spawn_hook(Spawner())
    copy = tmp_path / "home" / "car-t-explained" / "notebooks"
    assert (copy / "00_start_here.ipynb").read_text() == "{}"
    assert not (copy / "00_start_here.md").exists()
    (copy / "00_start_here.ipynb").write_text('{"edited": true}')
    c.Spawner.pre_spawn_hook(Spawner())  # a second start keeps the student's edits
    assert "edited" in (copy / "00_start_here.ipynb").read_text()


def test_z2jh_values_match_the_local_config():
    values = yaml.safe_load((ROOT / "deploy" / "z2jh-values.yaml").read_text())
    single = values["singleuser"]
    assert single["defaultUrl"].startswith("/lab/tree/car-t-explained/notebooks/")
    assert (ROOT / "notebooks" / Path(single["defaultUrl"]).name).is_file()
    assert single["extraEnv"]["JUPYTER_PATH"] == (
        single["extraEnv"]["JUPYTER_CONFIG_PATH"] + "/share/jupyter")
    assert "/srv/car-t-explained/notebooks" in " ".join(
        single["lifecycleHooks"]["postStart"]["exec"]["command"])
    assert values["cull"]["enabled"] is True


# -- a class-mode server, with Chromium ----
def kernels(proc) -> int:
    """Live kernel processes under the server (a kernel that is exiting, a zombie or already
    gone, is not counted: shutting kernels down is what the test waits for)."""
    n = 0
    for p in psutil.Process(proc.pid).children(recursive=True):
        try:
            if p.status() != psutil.STATUS_ZOMBIE and "ipykernel" in " ".join(p.cmdline()):
                n += 1
        except (psutil.ZombieProcess, psutil.NoSuchProcess, psutil.AccessDenied):
            continue
    return n


def wait_until(cond, timeout: float, what: str) -> None:
    t0 = time.time()
    while not cond():
        if time.time() - t0 > timeout:
            raise AssertionError(f"{what} not within {timeout} s")
        time.sleep(0.5)


def test_class_mode_pool_beacon_and_refill(tmp_path):
    """Two seats: ready line; two pages take both kernels with no refill while they are open;
    closing a page shuts its kernel down (the page's beacon is accepted); once both left, the
    pool warms again and says so."""
    from playwright.sync_api import sync_playwright

    port = free_port()
    log_path = tmp_path / "class.log"
    env = {**os.environ, "JUPYTER_PATH": str(ROOT / "share" / "jupyter")}
    with open(log_path, "w") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "tools.class_mode", "--notebook", "04_infusion", "--seats",
             "2", f"--port={port}", "--", "--CartVoila.refill_quiet=2",
             "--CartVoila.status_interval=0.5"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    text = log_path.read_text
    try:
        wait_for_port(port, proc)
        wait_until(lambda: "[class] ready" in text(), 120, "ready line")
        ready = next(ln for ln in text().splitlines() if "[class] ready" in ln)
        assert "2 seats of 04_infusion.ipynb" in ready and "GB" in ready and "server" in ready
        assert kernels(proc) == 2
        url = f"http://127.0.0.1:{port}/voila/render/04_infusion.ipynb"
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium_path(), headless=True,
                                        args=CHROMIUM_ARGS)
            pages = []
            for _ in range(2):
                page = browser.new_context().new_page()
                page.goto(url, timeout=120_000)
                page.wait_for_selector(".explorer:not(.explorer-static) img.explorer-figure",
                                       timeout=120_000)
                pages.append(page)
            time.sleep(3)  # Voila would have refilled by now (fill_delay 1 s)
            assert kernels(proc) == 2, "the pool was refilled while the class holds kernels"
            assert "Using pre-heated kernel" in text()
            pages[0].close(run_before_unload=True)
            wait_until(lambda: kernels(proc) == 1, 15, "closing a page freeing its kernel")
            assert "403 POST /voila/api/shutdown" not in text()
            pages[1].close(run_before_unload=True)
            browser.close()
        wait_until(lambda: text().count("[class] ready") >= 2, 120, "the pool warm again")
        assert "the class has left" in text()
        assert kernels(proc) == 2
        # the load benchmark's protocol page does what a page does: figure, changes, beacon
        from benchmarks.protocol_client import ProtocolPage

        async def student():
            page = ProtocolPage(f"http://127.0.0.1:{port}", "/voila/render/04_infusion.ipynb",
                                [])
            try:
                first = await page.open(60)
                changes = await page.move(1.6, every_s=0.4)
            finally:
                await page.close()
            return first, changes, page

        first, changes, page = asyncio.run(student())
        assert page.states[page.figure_id]["model_name"] == "ImageModel"
        assert 0 < first < 60 and len(changes) >= 3 and all(0 < c < 5000 for c in changes), \
            (first, changes)
        wait_until(lambda: kernels(proc) == 1, 15, "the protocol page's beacon freeing its kernel")
    finally:
        stop(proc)


def test_seats_warm_a_few_at_a_time_and_not_while_the_class_holds_them():
    nb = class_mode.next_batch
    # start: two at a time on two cores, more as they get warm
    assert nb(30, 0, 0, 0, True, 0, 10, 2) == (2, True)
    assert nb(30, 0, 2, 0, True, 0, 10, 2) == (0, True)
    assert nb(30, 1, 1, 0, True, 0, 10, 2) == (1, True)
    assert nb(30, 29, 0, 0, True, 0, 10, 2) == (1, True)
    assert nb(30, 28, 2, 0, True, 0, 10, 2) == (0, True)  # still warming: not ready yet
    assert nb(30, 30, 0, 0, True, 0, 10, 2) == (0, False)
    # the class takes kernels: none replaced while any page holds one, or too soon after
    assert nb(30, 12, 0, 18, False, 0, 10, 2) == (0, False)
    assert nb(30, 0, 0, 0, False, 9.9, 10, 2) == (0, False)
    # the class has left: warming again, a few at a time
    assert nb(30, 0, 0, 0, False, 10, 10, 2) == (2, True)
    assert nb(30, 5, 2, 1, True, 0, 10, 2) == (0, True)  # a late student does not stop it


def test_voila_waits_for_outputs_on_a_busy_machine():
    # 4 s (nbclient's default) let 30 kernels warming at once render pages without outputs
    assert "--VoilaExecutor.iopub_timeout=30" in class_mode.voila_argv(class_mode.parse([]))
