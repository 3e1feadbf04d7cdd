"""JupyterHub serving CAR-T Explained to a course on one server (docs/jupyterhub.md).

For one machine with system users (The Littlest JupyterHub, or ``jupyterhub`` installed beside
the collection): every user gets their own copy of the notebooks in ``~/car-t-explained`` on
first start (their edits stay theirs), JupyterLab opens on the first notebook, and the app view
of every notebook is at ``/user/<name>/voila/render/car-t-explained/notebooks/NN_name.ipynb``.

    jupyterhub -f deploy/jupyterhub_config.py          # from the collection's folder

Settings that come from the environment (so the test in tests/hub/ can reuse this file):

CART_COURSE_DIR   the collection (default: the folder above this file); its voila.json,
                  jupyter_server_config.py (kernel culling) and share/jupyter (app-view
                  template) are read by every user's server, read-only.
CART_HUB_IP       the address the proxy listens on (default: every interface).
CART_HUB_PORT     its port (default 8000). Put HTTPS in front (TLJH: `tljh-config set
                  https.enabled true`), or set c.JupyterHub.ssl_cert/ssl_key.

The authenticator is left to the deployment (TLJH's default, an OAuthenticator for the
school's login, ...): this file sets only what the collection needs.
"""

from __future__ import annotations

import os
import pwd
import shutil
import sys
from pathlib import Path

c = get_config()  # noqa: F821 - provided by JupyterHub when it loads this file

COURSE = Path(os.environ.get("CART_COURSE_DIR", Path(__file__).resolve().parents[1]))
FOLDER = "car-t-explained"  # in each user's home

# -- where users land -------------------------------------------------------------------------
c.JupyterHub.ip = os.environ.get("CART_HUB_IP", "")
c.JupyterHub.port = int(os.environ.get("CART_HUB_PORT", "8000"))
c.Spawner.default_url = f"/lab/tree/{FOLDER}/notebooks/00_start_here.ipynb"
# The single-user server of the Python that runs the hub (the collection's environment),
# unless the deployment chose one already (TLJH: its user environment).
if "cmd" not in c.Spawner:
    c.Spawner.cmd = [str(Path(sys.executable).with_name("jupyterhub-singleuser"))]

# -- what every user's server reads ---------------------------------------------------------------
c.Spawner.environment = {
    # voila.json (lab extensions the app view does not load, its template) and
    # jupyter_server_config.py (kernel culling) of the collection
    "JUPYTER_CONFIG_PATH": str(COURSE),
    # the app-view template share/jupyter/voila/templates/cart
    "JUPYTER_PATH": str(COURSE / "share" / "jupyter"),
}
c.Spawner.args = [
    # a user's server with no kernel and no open page for an hour stops (frees its memory;
    # the next visit starts it again in a few seconds)
    "--ServerApp.shutdown_no_activity_timeout=3600",
]
if os.geteuid() == 0 and os.environ.get("CART_HUB_ALLOW_ROOT") == "1":
    c.Spawner.args.append("--allow-root")  # the local test only: its users run as root

# -- memory: one user's kernels, about 130-170 MB each --------------------------------------------
# Enforced by spawners that can (systemd, Docker, Kubernetes); TLJH: tljh-config set limits.memory
c.Spawner.mem_limit = "2G"
c.Spawner.mem_guarantee = "512M"


# -- each user's own copy of the notebooks ------------------------------------------------------
def copy_collection(spawner) -> None:
    """Copy the notebooks into the user's home on their first start (never over their edits)."""
    home = getattr(spawner, "home_dir", "") or os.path.expanduser(f"~{spawner.user.name}")
    dest = Path(home) / FOLDER / "notebooks"
    if dest.exists():
        return
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copytree(COURSE / "notebooks", dest,
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints", "*.md"))
    try:  # a system user owns their copy
        entry = pwd.getpwnam(spawner.user.name)
    except KeyError:
        return
    if os.geteuid() == 0:
        for root, dirs, files in os.walk(dest.parent):
            for name in [root, *(os.path.join(root, n) for n in dirs + files)]:
                os.chown(name, entry.pw_uid, entry.pw_gid)


c.Spawner.pre_spawn_hook = copy_collection
