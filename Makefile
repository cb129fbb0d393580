# A fresh clone sets itself up: `make run` opens the chat, `make test` runs every check.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: setup run test unit lint bench eval clean-index

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	# torch first and pinned: the CPU wheel; an unpinned torch pulls a multi-gigabyte CUDA build
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

run: setup
	$(BIN)/briefbot

lint: setup
	$(BIN)/ruff check briefbot tests bench
	$(BIN)/ruff format --check briefbot tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports

test: lint
	$(BIN)/pytest -q

# The fast layer only: no model, no Chroma, no terminal (a few seconds).
unit: setup
	$(BIN)/pytest -q tests/unit

# Benchmarks, not tests: each prints its figures beside a baseline measured in the same run.
bench: setup
	$(BIN)/pip install --quiet -e '.[dev,bench]'
	$(BIN)/python bench/refresh_throughput.py
	$(BIN)/python bench/ask_speed.py
	$(BIN)/python bench/scale.py

eval: setup
	$(BIN)/briefbot eval

clean-index:
	rm -rf index
