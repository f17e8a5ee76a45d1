# ockg: two commands do all the set-up.
#   make        create .venv on first use, install ockg and its model, build corpus/ into build/
#   make test   the whole test suite (what CI runs)
#   make notebook   JupyterLab on notebooks/explore.ipynb (installs the notebook extra)
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: all build test lint format bench clean notebook

all: build

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[model,dev]"
	touch $(STAMP)

build: $(STAMP)
	$(BIN)/ockg build corpus --out build

# JupyterLab on the notebook; the `notebook` extra is installed here only, never by `make test`
notebook: $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[model,dev,notebook]"
	$(BIN)/jupyter lab notebooks/explore.ipynb

test: $(STAMP)
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check kg tests
	$(BIN)/ruff format --check kg tests
	$(BIN)/lint-imports --no-cache

format: $(STAMP)
	$(BIN)/ruff format kg tests
	$(BIN)/ruff check --fix kg tests

clean:
	rm -rf build .pytest_cache
