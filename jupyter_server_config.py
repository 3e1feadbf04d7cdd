"""Jupyter server settings of the collection, read where this folder is on JUPYTER_CONFIG_PATH
(every user's server in deploy/jupyterhub_config.py). The app view started by `make app` and
`make class` (Voila on its own) reads the same values from voila.json.

Kernels do not leak: a kernel that has had no activity for 10 minutes and has no open page
(JupyterLab tab or app view) is shut down; checked every minute. A kernel with a page open is
never culled, however long the student reads.
"""

c = get_config()  # noqa: F821 - provided by Jupyter when it loads this file

c.MappingKernelManager.cull_idle_timeout = 600
c.MappingKernelManager.cull_interval = 60
c.MappingKernelManager.cull_connected = False

# The app view inside this server (Voila's server extension, /voila/render/...) would otherwise
# load MathJax from cdnjs: Voila's page adds its MathJax 2 plugin, from the CDN, unless both
# settings are None, as they are in the stand-alone app view (make app). The same here, so a
# page asks no host but this server.
c.ServerApp.tornado_settings = {"mathjax_url": None, "mathjax_config": None}

# JupyterLab asks no one about news or updates (a school's students see no prompt for it).
c.LabApp.news_url = None
c.LabApp.check_for_updates_class = "jupyterlab.NeverCheckForUpdate"
