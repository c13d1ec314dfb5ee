# Stepwise: `make run` serves the product on SQLite with demo data; `make test` runs every test.
PY := .venv/bin/python
FLASK := .venv/bin/flask --app service
PG_URL ?= postgresql://postgres@127.0.0.1:5432/test
STAMP := .venv/.installed

.PHONY: run test test-sqlite test-postgres install system-deps node-deps migrate demo bench

$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv .venv
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

# Debian packages the tests need (a real browser for the UI tests). Idempotent.
system-deps:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing chromium (Debian package) for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

# The modellers' own checkers (bpmn-moddle, bpmnlint), pinned by package-lock.json; local only.
NODE_STAMP := node_modules/.installed
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $(NODE_STAMP)

node-deps: $(NODE_STAMP)

migrate: $(STAMP)
	$(FLASK) db upgrade

demo: migrate
	$(FLASK) demo

# The demo runs with the demo clock on (STEPWISE_DEMO): an administrator can move time
# forward at /demo/clock to watch deadlines fall due. Never set it in live use.
run: demo
	@echo ""
	@echo "Stepwise is at http://127.0.0.1:5000  -  sign in as a demo user above (password: stepwise-demo)"
	@echo "e.g. camden-early-help-manager, then camden-mash-manager; demo-admin can move the demo clock."
	STEPWISE_DEMO=on $(FLASK) run --host 127.0.0.1 --port 5000

test: install system-deps node-deps
	$(MAKE) --no-print-directory test-sqlite
	@if pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then \
	  $(MAKE) --no-print-directory test-postgres; \
	else echo "PostgreSQL not reachable on 127.0.0.1:5432: PostgreSQL pass skipped"; fi

test-sqlite: $(STAMP)
	$(PY) -m pytest -q

test-postgres: $(STAMP)
	DATABASE_URL=$(PG_URL) $(PY) -m pytest -q -p no:cacheprovider

bench: $(STAMP)
	$(PY) tools/bench_journey.py
