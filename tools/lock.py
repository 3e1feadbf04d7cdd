#!/usr/bin/env python3
"""Re-resolve the exact versions CI and Binder install, from pyproject.toml's lower bounds.

Creates a throw-away venv, installs the package (then its test extras) and writes
``requirements/lock.txt``, ``requirements/lock-test.txt`` and the pip list of ``environment.yml``.
Run with the Python that Binder uses (3.11): ``make lock``.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ENV_HEAD = ROOT / "environment.yml"


def freeze(py: Path) -> list[str]:
    out = subprocess.run([str(py), "-m", "pip", "freeze", "--exclude", "car-t-explained"],
                         check=True, capture_output=True, text=True).stdout
    return sorted((ln for ln in out.splitlines() if "==" in ln), key=str.lower)


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, "-m", "venv", tmp], check=True)
        py = Path(tmp) / "bin" / "python"
        pip = [str(py), "-m", "pip", "install", "--quiet"]
        subprocess.run([*pip, "--upgrade", "pip"], check=True)
        subprocess.run([*pip, str(ROOT)], check=True)
        runtime = freeze(py)
        subprocess.run([*pip, f"{ROOT}[test]"], check=True)
        test = [ln for ln in freeze(py) if ln not in set(runtime)]
    req = ROOT / "requirements"
    (req / "lock.txt").write_text(
        "# Exact versions CI and Binder install (Python 3.11, Linux). "
        "Regenerate with `make lock`;\n"
        "# environment.yml lists the same lines (tests/test_packaging.py checks it).\n"
        + "\n".join(runtime) + "\n")
    (req / "lock-test.txt").write_text(
        "# Exact versions of the test tools, on top of the runtime lock. Regenerate with "
        "`make lock`.\n-r lock.txt\n" + "\n".join(test) + "\n")
    text = ENV_HEAD.read_text()
    head = text[: text.index("  - pip:\n") + len("  - pip:\n")]
    ENV_HEAD.write_text(head + "".join(f"      - {ln}\n" for ln in runtime))
    print(f"locked {len(runtime)} runtime and {len(test)} test packages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
