# lichtruc — two commands: `make run` and `make test`. Both work on a fresh clone.
# Everything they need is installed here, into ignored folders (.cache/, .venv/).

UV_VERSION := 0.13.8
CACHE      := .cache
BOOT       := $(CACHE)/bootstrap
UV         := $(BOOT)/bin/uv
PY         := .venv/bin/python
RUFF       := .venv/bin/ruff
MYPY       := .venv/bin/mypy
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := .venv
# Compiled bytecode kept in .cache/pycache, also where the environment says PYTHONDONTWRITEBYTECODE (this
# machine's does): otherwise every Python process compiles all it imports again, and `make test` starts
# a hundred or so (the services, the CLI). Each service spent twice the CPU on its imports (3.2 s, not 1.6 s).
export PYTHONPYCACHEPREFIX := $(CURDIR)/$(CACHE)/pycache
unexport PYTHONDONTWRITEBYTECODE


.PHONY: run test screenshots lint chaos deep install browser infra-up infra-down infra-status kafka-jars asyncapi bench clean

# RUN_ARGS: the stack's clock, e.g. RUN_ARGS='--at 2027-02-05T23:00' or RUN_ARGS=--wall-clock (`python -m devstack run --help`).
run: install kafka-jars
	$(PY) -m devstack run $(RUN_ARGS)

# The gates first, fast and without any server: a lint or format finding stops `make test` before the tests.
# mypy (25 s of CPU on a fresh clone) runs beside the tests, while their workers wait for PostgreSQL and Kafka
# to start: its findings are printed after the tests and fail `make test` as the tests' would.
# The tests run in TEST_WORKERS processes (pytest-xdist), each with its own PostgreSQL and Kafka
# (tests/conftest.py); a module's tests, and a package's that share a costlier fixture, stay in one worker.
TEST_WORKERS ?= 2
test: install kafka-jars browser
	$(RUFF) check .
	$(RUFF) format --check --diff .
	@$(MYPY) > $(CACHE)/mypy.log 2>&1 & typing=$$!; \
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadscope $(PYTEST_ARGS); tests=$$?; \
	wait $$typing; typed=$$?; echo "$(MYPY) (run beside the tests):"; cat $(CACHE)/mypy.log; \
	if [ $$typed -ne 0 ]; then echo "make test: mypy's findings above fail it"; exit $$typed; fi; exit $$tests

# The README's pictures (docs/screenshots/), taken again by the browser tests marked `screenshot`, run alone in
# one process on a stack of their own (`make test` takes none: tests/browser_support.py). Fails naming any
# picture in the folder that no test took again (its test not marked, or gone).
screenshots: install kafka-jars browser
	@mkdir -p $(CACHE) && touch $(CACHE)/screenshots.start
	LICHTRUC_SCREENSHOTS=$(CURDIR)/docs/screenshots $(PY) -m pytest -p no:cacheprovider -m screenshot tests/portal $(PYTEST_ARGS)
	@stale=$$(find docs/screenshots -name '*.png' ! -newer $(CACHE)/screenshots.start); \
	if [ -n "$$stale" ]; then echo "make screenshots: not taken again (is its test marked screenshot?):"; \
	  echo "$$stale"; exit 1; fi

# ruff (lint, import order, format) and mypy, configured in pyproject.toml; `ruff format .` and
# `ruff check --fix .` repair most findings. The same hooks for `pre-commit install`: .pre-commit-config.yaml.
lint: install
	$(RUFF) check .
	$(RUFF) format --check --diff .
	$(MYPY)

# The fault-injection suite (tests/chaos, not part of `make test`): real processes, Kafka and the services
# SIGKILLed, PostgreSQL stopped, poison messages, a notifier replica killed mid-send; prints its figures.
chaos: install kafka-jars
	LICHTRUC_CHAOS=1 $(PY) -m pytest tests/chaos -p no:cacheprovider $(PYTEST_ARGS)

# The property tests at full depth: twice the examples `make test` draws (tests/support.py, `examples`).
deep: install
	LICHTRUC_DEEP=1 $(PY) -m pytest -p no:cacheprovider $(PYTEST_ARGS) tests/shared/test_transparency.py \
		tests/audit/domain/test_coverage_properties.py tests/audit/domain/test_coverage_columns.py \
		tests/audit/handlers/test_projector_properties.py

install: .venv/.synced

# The bootstrap environment without a pip of its own, uv put in by the machine's pip (`--python`, pip 22.3 and
# later): `venv`'s own pip install (ensurepip) was most of the step, 5.1 s of CPU and 20–28 s on a fresh clone of a
# loaded machine against 2.0 s and 11–14 s (2026-12-07). A python3 whose pip cannot do it makes it the old way.
$(UV):
	python3 -m venv --without-pip $(BOOT)
	python3 -m pip --python $(BOOT)/bin/python install --quiet --disable-pip-version-check uv==$(UV_VERSION) \
	  || { rm -rf $(BOOT) && python3 -m venv $(BOOT) \
	       && $(BOOT)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION); }

.venv/.synced: $(UV) uv.lock pyproject.toml shared/pyproject.toml deploy/pyproject.toml services/*/pyproject.toml
	$(UV) sync --frozen --all-packages
	touch $@

# The browser tests drive Debian's Chromium (Playwright's own browser download cannot be used):
# chromium-headless-shell for most pages (a third of the full browser's CPU), and chromium in
# Vietnamese for a screenshot that shows the browser's own words (a file input's "Chọn tệp"):
# chromium-l10n holds them for --lang=vi.
browser:
	@{ command -v chromium-headless-shell >/dev/null 2>&1 && command -v chromium >/dev/null 2>&1 \
	   && [ -e /usr/lib/chromium/locales/vi.pak ] && command -v pdftotext >/dev/null 2>&1; } || { \
	  echo "make: installing Debian's chromium, chromium-headless-shell, chromium-l10n and poppler-utils (pdftotext, which reads the printed pages back) for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    chromium chromium-headless-shell chromium-l10n poppler-utils >/dev/null; }

kafka-jars: install
	$(PY) -m devstack fetch

infra-up: install kafka-jars
	$(PY) -m devstack up

infra-down: install
	$(PY) -m devstack down

infra-status: install
	$(PY) -m devstack status

asyncapi: install
	$(PY) -m devstack asyncapi

bench: install kafka-jars
	for script in bench/bench_*.py; do echo "== $$script"; $(PY) $$script || exit 1; done
	@echo "== the consumers' ceilings: their frames with the handlers' work left out (bounds of the attainable ratios)"
	$(PY) bench/bench_audit_ingest.py --ceiling log
	$(PY) bench/bench_notifier_consumer.py --handlers none

clean:
	-$(PY) -m devstack down
	rm -rf .venv $(CACHE)
