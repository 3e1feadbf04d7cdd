"""Benchmarks (run from the repository root): ``make bench`` (kernel side, pytest-benchmark)
and ``make bench-browser`` (``python -m benchmarks.browser_latency``, Voilà + Chromium)."""
