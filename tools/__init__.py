"""Developer tools, run from the repository root as modules (``python -m tools.build_site``,
``python -m tools.servers``, ...): none of them edits ``sys.path``."""
