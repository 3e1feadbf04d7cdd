"""Developer tools, run from the repository root (``python tools/build_site.py`` or, for the
importable ones, ``python -m tools.servers``)."""
