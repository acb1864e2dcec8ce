# Verktøykassa. `make site` and `make test` do all the set-up on a fresh machine:
# a virtual environment in .venv from the hash-pinned lock, and for the tests also
# Debian's chromium and axe-core from the npm lock.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: site serve test check lint clean browser bench

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check \
		--require-hashes --no-deps -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check \
		--no-deps --no-build-isolation --editable .
	touch $@

site: $(STAMP)
	$(BIN)/toolkit build

# The preview rebuilds only what a save changed (mkdocs serve --dirty; toolkit/preview.py).
serve: $(STAMP)
	$(BIN)/toolkit serve --dev-addr 127.0.0.1:8000

check: $(STAMP)
	$(BIN)/toolkit check

lint: $(STAMP)
	$(BIN)/ruff check toolkit hooks tests scripts bench

# Debian packages the tests need: chromium for the browser tests (Playwright cannot
# download its own browser here), hunspell with the Norwegian dictionary, and nginx, which
# the tests start as an ordinary process with deploy/nginx/ (no system service is used).
DEBS := chromium hunspell hunspell-no nginx
browser:
	@missing=""; for pkg in $(DEBS); do \
		dpkg-query -W -f='$${Status}' $$pkg 2>/dev/null | grep -q "install ok installed" \
			|| missing="$$missing $$pkg"; done; \
	if [ -n "$$missing" ]; then \
		echo "Installing Debian packages:$$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
		apt-get install -y -qq $$missing >/dev/null; fi

# axe-core for the accessibility checks (tests/support/axe.py), from the npm lock.
# npm comes with Node.js; Debian's npm package only when there is none.
node_modules/.package-lock.json: package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "Installing Debian packages: npm"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
		apt-get install -y -qq npm >/dev/null; }
	npm ci --no-audit --no-fund --loglevel=error

test: $(STAMP) browser node_modules/.package-lock.json
	$(BIN)/ruff check toolkit hooks tests scripts bench
	$(BIN)/pytest

# Not a test: our build, search, preview and release against stock MkDocs + Material on
# synthetic corpora of 200, 500 and 2,000 items (bench/run.py; 10+ minutes). Writes
# BENCHMARKS.md. A quick run: make bench BENCH_ARGS="--sizes 50,100"; the reader's table
# alone (a phone through nginx, bench/reader.py): make bench BENCH_ARGS=--reader-only
bench: $(STAMP) browser
	$(BIN)/python bench/run.py $(BENCH_ARGS)

clean:
	rm -rf site .site-* .pytest_cache .cache
