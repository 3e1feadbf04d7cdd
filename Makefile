# CAR-T Explained — every set-up step a new user needs is in here.
#   make start   create .venv if missing, install, open JupyterLab on the first notebook
#   make test    install the test extras, then ruff, unit tests, nbval and browser tests
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8888
APP_PORT ?= 8866
NOTEBOOKS := $(sort $(wildcard notebooks/[0-9][0-9]_*.ipynb))
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: lock start test lint unit nbval browser execute sync bench bench-browser slides app class hub-test site clean help

help:
	@grep -E '^#   make' Makefile | sed 's/^#   //'

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Exact versions from the locks (the same ones Binder installs), then the package itself.
$(STAMP): pyproject.toml requirements/lock.txt share/jupyter/voila/templates/cart/index.html.j2 | $(PY)
	$(PY) -m pip install --quiet -r requirements/lock.txt
	$(PY) -m pip install --quiet --no-deps -e .
	@# the app view's Voila template (no CDN links), where Voila looks for templates, as postBuild does
	mkdir -p $(VENV)/share/jupyter/voila/templates && cp -r share/jupyter/voila/templates/cart $(VENV)/share/jupyter/voila/templates/
	@touch $@

$(TEST_STAMP): requirements/lock-test.txt $(STAMP)
	$(PY) -m pip install --quiet -r requirements/lock-test.txt
	@touch $@

# Re-resolve the locks from pyproject.toml in a throw-away venv and rewrite environment.yml.
lock:
	$(PYTHON) tools/lock.py

start: $(STAMP)
	@echo "Starting JupyterLab on notebooks/00_start_here.ipynb. Open the http://127.0.0.1:$(PORT)/lab/tree/notebooks/00_start_here.ipynb?token=... address it prints below."
	$(PY) -m jupyterlab --ServerApp.ip=127.0.0.1 --ServerApp.port=$(PORT) \
		--ServerApp.open_browser=False --LabApp.default_url=/lab/tree/notebooks/00_start_here.ipynb \
		$(if $(filter 0,$(shell id -u)),--allow-root,)

test: $(TEST_STAMP)
	$(PY) -m ruff check explainer tests benchmarks tools
	$(PY) -m pytest tests --ignore=tests/browser -q
	$(PY) -m pytest --nbval --nbval-sanitize-with tests/nbval_sanitize.cfg -p no:cacheprovider -q $(NOTEBOOKS)
	$(MAKE) slides  # the browser tests check the site's decks as `make site` builds them: slide style
	$(PY) -m pytest tests/browser -q

lint: $(TEST_STAMP)
	$(PY) -m ruff check explainer tests benchmarks tools

unit: $(TEST_STAMP)
	$(PY) -m pytest tests --ignore=tests/browser -q

nbval: $(TEST_STAMP)
	$(PY) -m pytest --nbval --nbval-sanitize-with tests/nbval_sanitize.cfg -p no:cacheprovider -q $(NOTEBOOKS)

browser: $(TEST_STAMP)
	$(MAKE) slides
	$(PY) -m pytest tests/browser -q

# Edit notebooks/NN_*.md (MyST Markdown, paired by jupytext); `make sync` updates the .ipynb
# (keeping outputs), `make execute` then runs each top to bottom and stores outputs with widget
# state (figures show without a kernel).
sync: $(STAMP)
	$(VENV)/bin/jupytext --sync $(NOTEBOOKS:.ipynb=.md)

execute: sync
	time $(VENV)/bin/jupyter execute --inplace --timeout=300 $(NOTEBOOKS)

bench: $(TEST_STAMP)
	$(PY) -m pytest benchmarks/test_kernel_update.py -p no:cacheprovider -q \
		--benchmark-json=benchmarks/results/kernel_update.json \
		--benchmark-storage=file://build/benchmarks --benchmark-autosave $(BENCH_ARGS)

# key press -> visible figure in Voila + headless Chromium, first figure, whole collection (~15 min)
bench-browser: $(TEST_STAMP)
	$(PY) -m benchmarks.browser_latency

# scenes and the microscope playing in Voila + headless Chromium: visible frames per second,
# arrow-key step latency, catch-up after Pause (~3 min; benchmarks/results/animation_fps.*)
.PHONY: bench-animation
bench-animation: $(TEST_STAMP)
	$(PY) -m benchmarks.animation_fps $(BENCH_ARGS)

# Offline reveal.js decks, figures re-rendered in the large slide style: build/slides/NN_name.slides.html
slides: $(STAMP)
	rm -rf build/slides-src && mkdir -p build/slides-src
	cp $(NOTEBOOKS) build/slides-src/
	CART_STYLE=slides $(VENV)/bin/jupyter execute --inplace --timeout=300 build/slides-src/*.ipynb
	$(PY) -m tools.build_slides --out build/slides build/slides-src/*.ipynb

# Static pages for readers without a kernel: build/site/index.html, pages and decks
site: slides
	$(PY) -m tools.build_site --out build/site --slides-src build/slides-src

# JUPYTER_PATH: Voila finds the app-view template share/jupyter/voila/templates/cart (voila.json)
# tools/class_mode.py is Voila with a warm kernel per notebook, pages' shutdown beacons accepted
# (a closed page frees its kernel), idle kernels without a page culled (voila.json), no GIF
# fallbacks built in kernels. HOST=0.0.0.0 serves the network (a token is then required).
HOST ?= 127.0.0.1
app: $(STAMP)
	@echo "Voila app view at http://$(HOST):$(APP_PORT)/"
	JUPYTER_PATH=$(CURDIR)/share/jupyter$${JUPYTER_PATH:+:$$JUPYTER_PATH} $(PY) -m tools.class_mode --host=$(HOST) --port=$(APP_PORT) \
		$(if $(TOKEN),--token=$(TOKEN),)

#   make class NOTEBOOK=04_infusion SEATS=30 [HOST=0.0.0.0] [TOKEN=...]   warm kernels for a class
# Pre-heats SEATS kernels of one notebook (page: /voila/render/NOTEBOOK.ipynb), prints "ready"
# with the memory held once all are warm, refills only after the class has left.
NOTEBOOK ?= 04_infusion
SEATS ?= 30
class: $(STAMP)
	JUPYTER_PATH=$(CURDIR)/share/jupyter$${JUPYTER_PATH:+:$$JUPYTER_PATH} $(PY) -m tools.class_mode --notebook=$(NOTEBOOK) --seats=$(SEATS) \
		--host=$(HOST) --port=$(APP_PORT) $(if $(TOKEN),--token=$(TOKEN),)

#   make hub-test   a local JupyterHub (deploy/jupyterhub_config.py) serving 3 students (~2 min)
# Not part of `make test`: it installs the optional extra `hub` and configurable-http-proxy from
# the npm registry (into build/hub/), and takes about two minutes on 2 cores.
HUB_STAMP := $(VENV)/.installed-hub
CHP := build/hub/node_modules/.bin/configurable-http-proxy
$(HUB_STAMP): pyproject.toml $(TEST_STAMP)
	$(PY) -m pip install --quiet --no-deps -e . && $(PY) -m pip install --quiet -e '.[hub]'
	@touch $@
$(CHP):
	mkdir -p build/hub && npm install --no-audit --no-fund --prefix build/hub configurable-http-proxy
hub-test: $(HUB_STAMP) $(CHP)
	$(PY) -m pytest -p no:cacheprovider -q tests/hub/check_hub.py

clean:
	rm -rf build .pytest_cache
