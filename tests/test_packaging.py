"""Layout, licences and the two dependency lists (pyproject.toml vs environment.yml)."""

import re

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

import yaml
from conftest import ROOT


def _name(req: str) -> str:
    return re.split(r"[<>=!~\[ ;]", req.strip(), maxsplit=1)[0].lower().replace("_", "-")


def _spec(req: str) -> str:
    return req.strip().replace(" ", "").lower().replace("_", "-")


def test_layout_exists():
    for rel in ["notebooks", "explainer/models", "explainer/diagrams", "explainer/widgets",
                "explainer/data", "explainer/facts.py", "assets", "tests", "benchmarks",
                "environment.yml", "pyproject.toml", "Makefile", "README.md", ".ci/run",
                "LICENSE", "LICENSE-CONTENT"]:
        assert (ROOT / rel).exists(), rel


def test_licences_name_mit_and_cc_by():
    assert "MIT License" in (ROOT / "LICENSE").read_text()
    assert "CC BY 4.0" in (ROOT / "LICENSE-CONTENT").read_text()


def test_environment_yml_mirrors_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda = [d for d in env["dependencies"] if isinstance(d, str)]
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    python = [d for d in conda if _name(d) == "python"]
    assert python and re.fullmatch(r"python=3\.\d+", python[0]), "Python must be pinned"
    conda_deps = {_name(d): _spec(d) for d in conda if _name(d) not in ("python", "pip")}
    py_deps = {_name(d): _spec(d) for d in project["dependencies"]}
    assert conda_deps == py_deps, (
        f"only in environment.yml: {set(conda_deps.items()) - set(py_deps.items())}; "
        f"only in pyproject.toml: {set(py_deps.items()) - set(conda_deps.items())}")
    assert "-e ." in pip, "environment.yml must install the package with pip: [-e .]"


def test_required_dependencies_are_declared():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    names = {_name(d) for d in project["dependencies"]}
    for needed in ["jupyterlab", "notebook", "ipywidgets", "matplotlib", "numpy", "scipy",
                   "nbval", "voila", "jupyterlab-rise"]:
        assert needed in names, needed
    test = {_name(d) for d in project["optional-dependencies"]["test"]}
    assert {"pytest", "playwright", "ruff"} <= test
    assert project["requires-python"] == ">=3.10"


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
