# gonghui — `make run` serves the demo, `make test` runs the suite. Everything installs from this repo's files.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: setup run serve-prod test lint format messages clean

# Stamps make the second `make` instant; they are redone when the lock files change.
$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.lock pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

# Each app keeps its own catalogue (src/gonghui/<app>/locale); the project one holds core,
# accounts, orgs and the shared templates. compilemessages walks them all.
CATALOGUES := $(shell find src/gonghui -name django.po -path '*zh_Hans*')
$(VENV)/.messages: $(CATALOGUES) | $(VENV)/.installed
	@command -v msgfmt >/dev/null || (apt-get update -qq && apt-get install -y -qq gettext >/dev/null)
	cd src/gonghui && DEBUG=1 ../../$(BIN)/gonghui compilemessages -l zh_Hans -v 0
	touch $@

setup: $(VENV)/.installed node_modules/.installed $(VENV)/.messages

# The demo runs in demo mode (GONGHUI_DEMO=1: DEBUG off, a local key made in the data directory,
# plain HTTP); serve-prod refuses to start without a real SECRET_KEY.
run: setup
	GONGHUI_DEMO=1 $(BIN)/gonghui migrate --no-input -v 0
	GONGHUI_DEMO=1 $(BIN)/gonghui demo
	@echo ""
	@echo "  gonghui is serving on http://$(HOST):$(PORT)/  (Ctrl-C stops it)"
	@echo ""
	@# The background worker (imports of big rosters) runs beside the server and stops with it.
	GONGHUI_DEMO=1 $(BIN)/gonghui db_worker --no-reload -v 0 & worker=$$!; trap "kill $$worker" EXIT INT TERM; \
	GONGHUI_DEMO=1 $(BIN)/gonghui runserver $(HOST):$(PORT)

serve-prod: setup
	$(BIN)/gonghui migrate --no-input -v 0
	$(BIN)/gonghui collectstatic --no-input -v 0
	$(BIN)/gonghui db_worker --no-reload -v 0 & worker=$$!; trap "kill $$worker" EXIT INT TERM; \
	$(BIN)/gunicorn gonghui.wsgi:application -c python:gonghui.gunicorn_conf --bind $(HOST):$(PORT) --workers $${WORKERS:-3}

test: setup
	DJANGO_SETTINGS_MODULE=gonghui.settings_test $(BIN)/pytest -q $(PYTEST_ARGS)

# mypy (settings in pyproject.toml) checks core, accounts, orgs, activities and the project
# modules; the other apps are listed there as to do.
lint: setup
	$(BIN)/ruff check src
	$(BIN)/ruff format --check src
	$(BIN)/mypy

format: setup
	$(BIN)/ruff check --fix src
	$(BIN)/ruff format src

# `make messages` refreshes every catalogue; `make messages APP=members` only that app's.
APPS_WITH_CATALOGUE = $(patsubst src/gonghui/%/locale,%,$(wildcard src/gonghui/*/locale))
messages: setup
ifeq ($(APP),)
	cd src/gonghui && DEBUG=1 ../../$(BIN)/gonghui makemessages -l zh_Hans --no-obsolete --ignore '*/tests/*' \
		$(foreach a,$(APPS_WITH_CATALOGUE),--ignore '$(a)/*')
	$(foreach a,$(APPS_WITH_CATALOGUE),cd src/gonghui/$(a) && DEBUG=1 ../../../$(BIN)/gonghui makemessages -l zh_Hans --no-obsolete --ignore 'tests/*' && cd ../../.. &&) true
else
	mkdir -p src/gonghui/$(APP)/locale
	cd src/gonghui/$(APP) && DEBUG=1 ../../../$(BIN)/gonghui makemessages -l zh_Hans --no-obsolete --ignore 'tests/*'
endif
	cd src/gonghui && DEBUG=1 ../../$(BIN)/gonghui compilemessages -l zh_Hans -v 0

clean:
	rm -rf $(VENV) node_modules var
