# 乡镇人大工作台 — two commands: `make run` and `make test`.
PYTHON ?= python3.11
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
TSTAMP := $(VENV)/.installed-test

.PHONY: run test bench demo screenshots clean

$(PY):
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "需要 Python 3.11：未找到 $(PYTHON)（可用 make PYTHON=python3 ...）"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

$(STAMP): $(PY) pyproject.toml
	$(PY) -m pip install -q -e .
	@touch $@

$(TSTAMP): $(STAMP)
	$(PY) -m pip install -q -e '.[test]'
	@touch $@

run: $(STAMP)
	$(PY) -m desktop_app

test: $(TSTAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest

bench: $(TSTAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest tests/bench -q -s -p no:cacheprovider -o addopts=""

demo: $(STAMP)
	$(PY) -m desktop_app demo

screenshots: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m desktop_app screenshot --out docs/screenshots

clean:
	rm -rf $(VENV) build dist *.egg-info
