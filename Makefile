# The two commands of the README: `make demo` and `make test`. Everything else is a helper.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: demo test lint messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.runtime: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[dev]'
	touch $@ $(VENV)/.runtime

## demo: install, migrate the embedded SQLite database, load the demo jurisdiction, serve on PORT
## (the embedded settings, asked for explicitly: everything else defaults to production)
demo: $(VENV)/.runtime
	DJANGO_SETTINGS_MODULE=jiaoguan.settings.embedded $(BIN)/jiaoguan demo --port $(PORT)

## test: lint, layering and the whole suite (SQLite; PostgreSQL when DATABASE_URL is set)
test: $(VENV)/.dev lint
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache  # its cache ignores exclude_type_checking_imports
	$(BIN)/mypy

## messages: re-extract and compile the English translations (needs GNU gettext)
messages: $(VENV)/.dev
	cd jiaoguan && DJANGO_SETTINGS_MODULE=jiaoguan.settings.embedded ../$(BIN)/django-admin makemessages -l en --no-obsolete
	cd jiaoguan && DJANGO_SETTINGS_MODULE=jiaoguan.settings.embedded ../$(BIN)/django-admin compilemessages -l en

clean:
	rm -rf $(VENV) var staticfiles .mypy_cache
