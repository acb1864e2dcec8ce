# Verktøykassa. `make site` and `make test` do all the set-up on a fresh machine.
#
# Two installs, two locks: editors (`make site`, `serve`, `check`, `edit`) get only what
# building and editing need, from requirements.lock; `make test` and `make bench` add the
# test and benchmark tools from requirements-dev.lock (a superset with the same versions),
# Debian's chromium and axe-core; `make test` also ProperDocs, apart, from
# requirements-properdocs.lock. `make lock` regenerates the locks (docs-dev/install.md).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev
# Hash-checked, no dependency resolution at install time. The editors' packages are
# compiled to bytecode as pip installs them: where PYTHONDONTWRITEBYTECODE is set (CI, this
# machine) Python would otherwise compile MkDocs, Material and pydantic again in every
# process, half a second of every build. The test tools and ProperDocs are not
# (--no-compile: a third of their install), nor the toolkit's own modules, which change as
# we work: `bytecode` compiles those before each command, only what changed since.
PIP_INSTALL := $(BIN)/python -m pip install --quiet --disable-pip-version-check \
	--require-hashes --no-deps
# Node packages: stamps, since `npm ci` empties node_modules first. Decap CMS's bundle
# lives outside node_modules for the same reason (see its rule below).
NODE_EDIT := node_modules/.installed-edit
NODE_TEST := node_modules/.installed-test
DECAP     := .cache/decap-cms/dist/decap-cms.js

.PHONY: site serve test check edit lint lock clean browser bench git-hooks bytecode

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP_INSTALL) -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check \
		--no-deps --no-build-isolation --no-compile --editable .
	touch $@

# ProperDocs was once in the dev lock: out of .venv with it, or mike would build with it.
$(DEV_STAMP): $(STAMP) requirements-dev.lock
	$(PIP_INSTALL) --no-compile -r requirements-dev.lock
	@$(BIN)/python -m pip show --quiet properdocs >/dev/null 2>&1 \
		&& $(BIN)/python -m pip uninstall --quiet --yes properdocs || true
	touch $@

# ProperDocs, the maintained fork of MkDocs 1.x, for the test that builds the site with it
# too. Installed beside .venv's packages, not among them: mike builds with ProperDocs
# whenever it can find it, and releases are built with MkDocs. Its dependencies are
# MkDocs' own, already in .venv; `PYTHONPATH=.venv/properdocs` runs it (docs-dev/install.md).
PROPERDOCS := $(VENV)/properdocs/.installed
$(PROPERDOCS): $(STAMP) requirements-properdocs.lock
	rm -rf $(VENV)/properdocs
	$(PIP_INSTALL) --no-compile --target $(VENV)/properdocs -r requirements-properdocs.lock
	touch $@

# The toolkit's modules and the hooks as bytecode in their __pycache__ (git ignores it),
# written by Python itself where PYTHONDONTWRITEBYTECODE is not set; quick when nothing changed.
bytecode: $(STAMP)
	@$(BIN)/python -m compileall -q toolkit hooks >/dev/null

site: $(STAMP) bytecode
	$(BIN)/toolkit build

# The preview rebuilds only what a save changed (mkdocs serve --dirty; toolkit/preview.py).
serve: $(STAMP) bytecode
	$(BIN)/toolkit serve --dev-addr 127.0.0.1:8000

check: $(STAMP) bytecode
	$(BIN)/toolkit check

# The form in the browser (Decap CMS) beside the preview, on this machine only
# (docs-dev/editing.md): http://127.0.0.1:8001/admin/ and http://127.0.0.1:8000/.
edit: $(STAMP) bytecode $(NODE_EDIT) $(DECAP)
	$(BIN)/toolkit edit

lint: $(DEV_STAMP)
	$(BIN)/ruff check toolkit hooks tests scripts bench

# ruff, toolkit check and the schemas' freshness before every commit (.pre-commit-config.yaml).
git-hooks: $(DEV_STAMP)
	$(BIN)/pre-commit install

# Both locks from pyproject.toml with a pinned uv and a resolution cut-off date, so the
# same command gives the same locks on any machine. uv runs from its own throwaway venv.
UV_VERSION  := 0.13.8
LOCK_CUTOFF := 2026-11-30T00:00:00Z
LOCK_PYTHON := 3.11.7
UV := .venv-tools/bin/uv
UV_LOCK := $(UV) pip compile --quiet --generate-hashes \
	--python-version $(LOCK_PYTHON) --exclude-newer $(LOCK_CUTOFF) --custom-compile-command "make lock"
UV_COMPILE := $(UV_LOCK) pyproject.toml

.venv-tools/.uv-$(UV_VERSION):
	rm -rf .venv-tools
	$(PYTHON) -m venv .venv-tools
	.venv-tools/bin/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	touch $@

lock: .venv-tools/.uv-$(UV_VERSION)
	$(UV_COMPILE) --extra build -o requirements.lock
	$(UV_COMPILE) --extra dev --extra build --constraint requirements.lock -o requirements-dev.lock
	$(UV_LOCK) --group pyproject.toml:properdocs --no-deps -o requirements-properdocs.lock

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

# Node packages, from the npm lock. Editing needs decap-server (the CMS's local backend);
# the tests also need axe-core (a devDependency). npm comes with Node.js; Debian's npm
# package only when there is none. Each install writes its own stamp; the full one
# satisfies the editors' too.
NPM_CI := npm ci --no-audit --no-fund --loglevel=error --omit=optional
NPM_NEEDED := command -v npm >/dev/null 2>&1 || { echo "Installing Debian packages: npm"; \
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null; }

$(NODE_EDIT): package.json package-lock.json
	@$(NPM_NEEDED)
	$(NPM_CI) --omit=dev
	touch $@

$(NODE_TEST): package.json package-lock.json
	@$(NPM_NEEDED)
	$(NPM_CI)
	touch $@ $(NODE_EDIT)

# Decap CMS is one prebuilt bundle. Its npm dependencies (the sources it was built
# from, 700 packages and some 380 MB) are never installed: only the package's own
# tarball is fetched, and checked against the integrity that package-lock.json records.
# It is kept in .cache/ (make clean removes it; npm's own cache makes fetching it again quick).
$(DECAP): package-lock.json scripts/fetch_npm_bundle.py
	@$(NPM_NEEDED)
	$(PYTHON) scripts/fetch_npm_bundle.py decap-cms .cache/decap-cms dist

test: $(DEV_STAMP) $(PROPERDOCS) bytecode browser $(NODE_TEST) $(DECAP)
	$(BIN)/ruff check toolkit hooks tests scripts bench
	$(BIN)/mypy
	$(BIN)/pytest

# Not a test: our build, search, preview and release against stock MkDocs + Material on
# synthetic corpora of 200, 500 and 2,000 items (bench/run.py; 10+ minutes). Writes
# BENCHMARKS.md. A quick run: make bench BENCH_ARGS="--sizes 50,100"; the reader's table
# alone (a phone through nginx, bench/reader.py): make bench BENCH_ARGS=--reader-only
bench: $(DEV_STAMP) bytecode browser
	$(BIN)/python bench/run.py $(BENCH_ARGS)

# Only what the toolkit and the test tools make, each by name: `toolkit clean` removes site/
# when it carries toolkit build's marker, the staging folders a killed build left beside
# it, and the toolkit's own caches under .cache/ (never .cache/ as a whole, nor any other
# .site-* file). Runs with the system's Python when .venv is not there: the toolkit
# command needs nothing but the standard library to start.
clean:
	$(if $(wildcard $(BIN)/python),$(BIN)/python,$(PYTHON)) -m toolkit clean
	rm -rf .pytest_cache .mypy_cache
