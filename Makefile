# kyhop — one entry point. `make demo` installs everything and starts the demo; `make test` runs the tests.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: demo serve test bench audit install install-test build clean

demo: install build
	$(BIN)/kyhop demo
	$(BIN)/kyhop serve --host $(HOST) --port $(PORT)

serve: install build
	$(BIN)/kyhop serve --host $(HOST) --port $(PORT)

# The suite in two passes: on TEST_WORKERS processes, a test file per process at a time (its module fixtures
# stay together), then the tests marked serial in one. pytest exits 5 when it collects nothing (e.g. a filter
# that matches no test): not a failure.
TEST_WORKERS ?= 2
test: install-test build
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile -m "not serial" $(PYTEST_ARGS); rc=$$?; [ $$rc -eq 5 ] && rc=0; \
	$(BIN)/python -m pytest -m serial $(PYTEST_ARGS); rc2=$$?; [ $$rc2 -eq 5 ] && rc2=0; \
	[ $$rc -ne 0 ] && exit $$rc; exit $$rc2

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip setuptools

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[test]'
	touch $(VENV)/.installed $@

# every benchmark, embedded and (where PostgreSQL, Redis and nginx are here) scaled: bench/REPORT.md
bench: install-test build
	$(BIN)/python bench/report.py $(BENCH_ARGS)

# known vulnerabilities in the Python and client dependencies (needs the package registries)
audit: install-test client/node_modules/.package-lock.json
	$(BIN)/pip install -q pip-audit
	$(BIN)/python deploy/audit.py

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

client/node_modules/.package-lock.json: client/package.json client/package-lock.json
	cd client && npm ci --no-audit --no-fund

client/dist/index.html: client/node_modules/.package-lock.json $(shell find client/src client/index.html client/public -type f 2>/dev/null) client/vite.config.js
	cd client && npm run build

# every file of the build, to publish with a release (server/voting/SECRECY.md)
client/dist/BUILD.sha256: client/dist/index.html
	cd client/dist && find . -type f ! -name BUILD.sha256 -printf '%P\n' | LC_ALL=C sort | xargs sha256sum > BUILD.sha256

build: client/dist/BUILD.sha256

clean:
	rm -rf $(VENV) client/node_modules client/dist
