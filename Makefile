# gonghui — `make run` serves the demo, `make test` runs the suite. Everything installs from this repo's files.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
export DJANGO_SETTINGS_MODULE ?= gonghui.settings

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

src/gonghui/locale/zh_Hans/LC_MESSAGES/django.mo: src/gonghui/locale/zh_Hans/LC_MESSAGES/django.po | $(VENV)/.installed
	@command -v msgfmt >/dev/null || (apt-get update -qq && apt-get install -y -qq gettext >/dev/null)
	cd src/gonghui && ../../$(BIN)/gonghui compilemessages -l zh_Hans -v 0

setup: $(VENV)/.installed node_modules/.installed src/gonghui/locale/zh_Hans/LC_MESSAGES/django.mo

run: setup
	$(BIN)/gonghui migrate --no-input -v 0
	$(BIN)/gonghui demo
	@echo ""
	@echo "  gonghui is serving on http://$(HOST):$(PORT)/  (Ctrl-C stops it)"
	@echo ""
	DEBUG=1 $(BIN)/gonghui runserver $(HOST):$(PORT)

serve-prod: setup
	$(BIN)/gonghui migrate --no-input -v 0
	$(BIN)/gonghui collectstatic --no-input -v 0
	$(BIN)/gunicorn gonghui.wsgi:application --bind $(HOST):$(PORT) --workers $${WORKERS:-3} --access-logfile -

test: setup
	$(BIN)/pytest -q $(PYTEST_ARGS)

lint: setup
	$(BIN)/ruff check src
	$(BIN)/ruff format --check src

format: setup
	$(BIN)/ruff check --fix src
	$(BIN)/ruff format src

messages: setup
	cd src/gonghui && ../../$(BIN)/gonghui makemessages -l zh_Hans --ignore 'tests/*' --no-obsolete
	cd src/gonghui && ../../$(BIN)/gonghui compilemessages -l zh_Hans

clean:
	rm -rf $(VENV) node_modules var
