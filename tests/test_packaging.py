"""Layout, licences and the two dependency lists (pyproject.toml vs environment.yml)."""

import re
import tomllib

import yaml
from conftest import ROOT
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name


def _name(req: str) -> str:
    return re.split(r"[<>=!~\[ ;]", req.strip(), maxsplit=1)[0].lower().replace("_", "-")


def test_layout_exists():
    for rel in ["notebooks", "explainer/models", "explainer/diagrams", "explainer/widgets",
                "explainer/data", "explainer/facts.py", "assets", "tests", "benchmarks",
                "environment.yml", "pyproject.toml", "Makefile", "README.md", ".ci/run",
                "LICENSE", "LICENSE-CONTENT"]:
        assert (ROOT / rel).exists(), rel


def test_licences_name_mit_and_cc_by():
    assert "MIT License" in (ROOT / "LICENSE").read_text()
    assert "CC BY 4.0" in (ROOT / "LICENSE-CONTENT").read_text()


def _lock(name: str) -> dict[str, str]:
    """name -> exact version of a requirements/ lock file (following -r includes)."""
    out: dict[str, str] = {}
    for line in (ROOT / "requirements" / name).read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("-r "):
            out.update(_lock(line[3:].strip()))
            continue
        assert "==" in line, f"{name}: {line!r} is not pinned with =="
        pkg, version = line.split("==", 1)
        out[canonicalize_name(pkg)] = version
    return out


def _env() -> tuple[list[str], list[str]]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda = [d for d in env["dependencies"] if isinstance(d, str)]
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    return conda, pip


def test_binder_conda_part_asks_only_for_python_and_pip():
    conda, _ = _env()
    assert [_name(d) for d in conda] == ["python", "pip"], conda
    assert re.fullmatch(r"python=3\.11", conda[0]), "Binder's Python must be the one CI tests"


def test_binder_installs_exactly_what_ci_installs():
    """Every package Binder's pip installs is in the lock CI installs, at the same version:
    a name conda or pip could not find (like `jupyterlab-rise` on conda-forge) fails here."""
    _, pip = _env()
    lock = _lock("lock.txt")
    binder = {}
    for line in pip:
        assert "==" in line, f"environment.yml pip line {line!r} is not an exact pin"
        pkg, version = line.split("==", 1)
        binder[canonicalize_name(pkg)] = version
    only_binder = {k: v for k, v in binder.items() if lock.get(k) != v}
    only_ci = {k: v for k, v in lock.items() if binder.get(k) != v}
    assert not only_binder, f"environment.yml asks for what CI never installed: {only_binder}"
    assert not only_ci, f"CI installs what Binder would not: {only_ci}; run make lock"
    post = (ROOT / "postBuild").read_text()
    assert "pip install --no-deps -e ." in post


def test_ci_installs_the_locks():
    mk = (ROOT / "Makefile").read_text()
    assert "pip install --quiet -r requirements/lock.txt" in mk
    assert "pip install --quiet -r requirements/lock-test.txt" in mk
    assert "--no-deps -e ." in mk


def test_locks_satisfy_the_declared_lower_bounds():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    lock = _lock("lock-test.txt")
    for spec in [*project["dependencies"], *project["optional-dependencies"]["test"]]:
        req = Requirement(spec)
        name = canonicalize_name(req.name)
        assert name in lock, f"{req.name} is declared but not locked; run make lock"
        assert req.specifier.contains(lock[name], prereleases=True), (
            f"lock has {req.name}=={lock[name]}, pyproject asks {req.specifier}")


def test_distribution_name_licence_and_python():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["name"] == "car-t-explained"
    assert project["license"] == "MIT AND CC-BY-4.0"
    assert set(project["license-files"]) == {"LICENSE", "LICENSE-CONTENT"}
    # only the Python version CI and Binder run is claimed
    assert project["requires-python"] == ">=3.11"


def test_required_dependencies_are_declared():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    names = {_name(d) for d in project["dependencies"]}
    for needed in ["jupyterlab", "notebook", "ipywidgets", "matplotlib", "numpy", "scipy",
                   "nbval", "voila", "jupyterlab-rise", "jupytext"]:
        assert needed in names, needed
    test = {_name(d) for d in project["optional-dependencies"]["test"]}
    assert {"pytest", "playwright", "ruff"} <= test


def test_readme_has_the_two_commands_and_binder_badge():
    readme = (ROOT / "README.md").read_text()
    assert "make start" in readme and "make test" in readme
    assert "mybinder.org/v2/gh/" in readme
    assert "urlpath=lab/tree/notebooks/00_start_here.ipynb" in readme


def test_ci_installs_chromium_and_runs_make_test():
    ci = (ROOT / ".ci/run").read_text()
    assert "apt-get install" in ci and "chromium" in ci
    assert ci.strip().splitlines()[-1].strip() == "make test"


def test_styles_ship_inside_the_package():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    data = project["tool"]["setuptools"]["package-data"]["explainer"]
    assert "diagrams/*.mplstyle" in data and "data/*.yaml" in data and "data/*.csv" in data
