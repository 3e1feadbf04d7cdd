"""Local servers and headless Chromium, shared by the browser tests and the browser benchmark.

Everything listens on 127.0.0.1 only. Chromium comes from the system (Debian's ``chromium``):
Playwright cannot download its own browser here; set ``CHROMIUM=/path`` to override.

    python -m tools.servers        # prints the Chromium that would be used
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time

#: Flags for headless Chromium in a container, with nothing that calls home.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--disable-dev-shm-usage"]


def app_env(root, env: dict | None = None) -> dict:
    """``env`` (default: this process's) with ``<root>/share/jupyter`` first on JUPYTER_PATH,
    where Voilà finds the app-view template that voila.json names."""
    env = dict(os.environ if env is None else env)
    share = os.path.join(str(root), "share", "jupyter")
    paths = [p for p in env.get("JUPYTER_PATH", "").split(os.pathsep) if p]
    env["JUPYTER_PATH"] = os.pathsep.join([share, *[p for p in paths if p != share]])
    return env


def chromium_path() -> str:
    """The Chromium executable (``$CHROMIUM``, else ``chromium`` or ``chromium-browser`` on the
    PATH). Raises FileNotFoundError, saying how to install it, when there is none."""
    path = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which(
        "chromium-browser")
    if not path:
        raise FileNotFoundError("Chromium not found: install Debian's chromium "
                                "(apt-get install chromium) or set CHROMIUM=/path/to/chromium")
    return path


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, proc: subprocess.Popen, timeout: float = 90) -> None:
    """Wait until ``proc`` accepts connections on ``port``; raise if it exits or times out."""
    t0 = time.time()
    while time.time() - t0 < timeout:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited early with code {proc.returncode}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise TimeoutError(f"server on port {port} did not start in {timeout} s")


def stop(proc: subprocess.Popen) -> None:
    """Stop a server started with ``start_new_session=True`` (its whole process group)."""
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


if __name__ == "__main__":
    try:
        print(chromium_path())
    except FileNotFoundError as exc:
        print(exc, file=sys.stderr)
        sys.exit(1)
