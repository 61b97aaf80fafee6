# Jaring — `make run` starts the app, `make test` runs the whole suite; both set up .venv on first use.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp

.PHONY: run test test-quick lint format bench package package-windows system-deps clean translations

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip setuptools wheel
	$(PY) -m pip install --quiet -e '.[laptop,server,test,package]'
	@touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/jaring

# System libraries the real tests need (Xvfb, Chromium, the xcb libraries PyInstaller's Qt needs).
system-deps:
	@sh scripts/ensure-system-packages.sh

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# The suite runs on TEST_WORKERS pytest-xdist processes, one per core (TEST_WORKERS=0: in this one process).
# Two per core finished no sooner on a busy machine and starved the fault-proxy sync test of CPU until its
# 1 s read timeouts failed it. With --dist loadgroup, tests/conftest.py's scheduler hands out one test at a
# time, the soaks and the other slow tests first, and keeps each module that shares one expensive fixture
# on one worker. pytest exits 5 when it collects nothing: not a failure of the set-up.
TEST_WORKERS ?= auto
XDIST := -n $(TEST_WORKERS) --dist loadgroup

test: $(STAMP) system-deps lint
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest $(XDIST) $(PYTEST_ARGS); rc=$$?; [ $$rc -eq 5 ] && rc=0; exit $$rc

test-quick: $(STAMP) lint
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest $(XDIST) -m "not slow" $(PYTEST_ARGS); rc=$$?; [ $$rc -eq 5 ] && rc=0; exit $$rc

bench: $(STAMP)
	@set -e; for f in bench/*.py; do echo "== $$f"; QT_QPA_PLATFORM=offscreen $(PY) $$f; done

package: $(STAMP) system-deps
	$(PY) -m PyInstaller --noconfirm --clean build.spec
	tar -C dist -czf dist/jaring-linux-x86_64.tar.gz jaring

# The Windows x64 installer, built here under Wine (docs/windows.md): dist/jaring-<version>-setup-x64.exe.
# Downloads, the verified Windows Python and every installer built are cached per machine in
# ~/.cache/jaring-windows (or $JARING_WINDOWS_CACHE): CI builds in a fresh clone each run.
package-windows: $(STAMP) system-deps
	$(PY) packaging/windows/make_installer.py --out dist

clean:
	rm -rf build dist .pytest_cache

# Screen strings: source text is Indonesian (tr() in app/ui); the English .ts is edited, then compiled.
# tests/test_ui_translations.py fails when a string is missing from the .ts, untranslated, or the .qm is stale.
translations: $(STAMP)
	$(VENV)/bin/pyside6-lupdate -locations none -no-obsolete app/ui/*.py -ts resources/translations/jaring_en.ts \
		-source-language id -target-language en
	$(VENV)/bin/pyside6-lrelease resources/translations/jaring_en.ts -qm resources/translations/jaring_en.qm
	$(VENV)/bin/pyside6-lrelease resources/translations/qtbase_id.ts -qm resources/translations/qtbase_id.qm
