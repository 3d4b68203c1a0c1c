# 乡镇人大工作台 — two commands: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
TSTAMP := $(VENV)/.installed-test
DSTAMP := $(VENV)/.installed-dist

.PHONY: run test check-office bench demo screenshots dist dist-test clean

$(PY):
	@test -n "$(PYTHON)" || { echo "需要 Python 3.11（未找到 python3.11 或 python3）"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

$(STAMP): $(PY) pyproject.toml
	$(PY) -m pip install -q -e .
	@touch $@

$(TSTAMP): $(STAMP)
	$(PY) -m pip install -q -e '.[test]'
	@touch $@

$(DSTAMP): $(STAMP)
	$(PY) -m pip install -q -e '.[dist]'
	@touch $@

run: $(STAMP)
	$(PY) -m desktop_app

test: $(TSTAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest

# Workbooks through LibreOffice and back (soffice needed; `make test` does not run these).
check-office: $(TSTAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -m office tests/office -p no:cacheprovider

bench: $(TSTAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest tests/bench -q -s -p no:cacheprovider -o addopts=""

demo: $(STAMP)
	$(PY) -m desktop_app demo

screenshots: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m desktop_app screenshot --out docs/screenshots

# The frozen one-folder program in dist/XiangzhenRenda/ (Windows installer: see installer/README.md).
dist: $(DSTAMP)
	$(PY) -m PyInstaller --noconfirm --clean --distpath dist --workpath build installer/xiangzhen-renda.spec

# Build, then start the frozen program offscreen (check, screenshot, PDF export, start-up backup).
dist-test: dist $(TSTAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -m frozen tests/test_frozen_app.py

clean:
	rm -rf $(VENV) build dist *.egg-info
