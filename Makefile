# Every target sets itself up on a fresh Debian machine (root, Python 3.11, package registries only).
SHELL := /bin/bash
VENV := .venv
PY := python3
export UV_PYTHON_DOWNLOADS := never
export UV_LINK_MODE := copy
UV := $(PY) -m uv
STAMP := $(VENV)/.synced

.PHONY: setup test lint typecheck pytest demo bench clean

# Debian packages the product needs: Graphviz draws money trails, Java runs Spark (mule scoring
# with --engine spark, and its tests in local mode), PostgreSQL is the multi-user store (the tests
# start a throwaway server of their own), Chromium runs the browser tests (Playwright drives
# Debian's build; no browser is ever downloaded), Noto has the Devanagari glyphs.
DEB_PACKAGES := graphviz openjdk-17-jre-headless postgresql chromium fonts-noto-core
DEB_STAMP := .make/debs.stamp

$(DEB_STAMP): Makefile
	@missing=""; for p in $(DEB_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi
	@mkdir -p .make && touch $@

$(STAMP): pyproject.toml uv.lock $(DEB_STAMP)
	@$(PY) -m uv --version >/dev/null 2>&1 || $(PY) -m pip install --quiet --disable-pip-version-check uv==0.13.8
	$(UV) sync --frozen --compile-bytecode
	@touch $@

setup: $(STAMP)

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests benchmarks
	$(VENV)/bin/ruff format --check src tests benchmarks

typecheck: $(STAMP)
	$(VENV)/bin/mypy

pytest: $(STAMP)
	$(VENV)/bin/pytest

test: lint typecheck pytest

demo: $(STAMP)
	$(VENV)/bin/cybersetu demo

bench: $(STAMP)
	$(UV) sync --frozen --compile-bytecode --group bench
	$(VENV)/bin/python -m benchmarks
	$(UV) sync --frozen --compile-bytecode

clean:
	rm -rf $(VENV) .make var .pytest_cache .mypy_cache .ruff_cache
