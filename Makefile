# The README's two commands: `make run` and `make test`. Everything else is a helper they use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app quizapp
DEMO_PASSWORD ?= demo-password-2026
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test checks system-packages install assets db content demo lint serve-gunicorn clean

run: install assets db content demo
	@echo "Serving on http://$(HOST):$(PORT) (Ctrl+C to stop)"
	$(FLASK) run --host $(HOST) --port $(PORT)

# Parallel workers for the suite; each starts its own throwaway PostgreSQL and Redis. A file's tests stay on one
# worker, in order, as browser tests of one file share a live server and its demo data.
JOBS ?= auto

test: system-packages install assets checks
	$(BIN)/pytest -n $(JOBS) --dist loadfile $(PYTEST_ARGS)

# Lint, formatting, types and the import contracts (layers, independent blueprints).
checks: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache

system-packages:
	bash .ci/system-packages

install: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

assets: quizapp/static/dist/app.css

quizapp/static/dist/app.css: node_modules/.installed build-assets.mjs $(wildcard quizapp/static/src/*.scss)
	node build-assets.mjs

db: install
	$(FLASK) db upgrade

content: db
	$(FLASK) content load

demo: db
	$(FLASK) demo --password $(DEMO_PASSWORD)

lint: checks

serve-gunicorn: install assets db content
	$(BIN)/gunicorn --bind $(HOST):$(PORT) --workers 2 wsgi:app

clean:
	rm -rf $(VENV) node_modules quizapp/static/dist instance/quizapp.sqlite*
