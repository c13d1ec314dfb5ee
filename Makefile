# Stepwise: `make run` serves the product on SQLite with demo data; `make test` runs every test.
PY := .venv/bin/python
FLASK := .venv/bin/flask --app service
PG_URL ?= postgresql://postgres@127.0.0.1:5432/test
STAMP := .venv/.installed
RUN_STAMP := .venv/.installed-run
PORT ?= 5000

.PHONY: run test test-sqlite test-postgres install system-deps node-deps frontend migrate demo bench bench-sweep bench-throughput secret-key

# Running needs only the product's own packages; the tests add theirs (browser, fuzzer, SMTP server).
$(RUN_STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv .venv
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $(RUN_STAMP)

$(STAMP): $(RUN_STAMP)
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

# The pages' styles and scripts, from the pinned govuk-frontend and bpmn-js packages: Sass compiled with the
# settings for a service not on GOV.UK (service/frontend/stepwise.scss), the package's JavaScript
# and images copied beside it. Rebuilt only when the source or the lock file changes.
FRONTEND := service/static/build
FRONTEND_STAMP := $(FRONTEND)/.built
$(FRONTEND_STAMP): $(NODE_STAMP) service/frontend/stepwise.scss service/frontend/stepwise.mjs \
                   service/frontend/diagram.mjs service/frontend/diagram.css \
                   service/frontend/modeller.mjs service/frontend/modeller.css
	rm -rf $(FRONTEND) && mkdir -p $(FRONTEND)/assets
	node_modules/.bin/sass --no-source-map --style=compressed --quiet-deps \
	  --load-path=node_modules/govuk-frontend/dist service/frontend/stepwise.scss $(FRONTEND)/stepwise.css
	cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js $(FRONTEND)/govuk-frontend.min.js
	cp service/frontend/stepwise.mjs $(FRONTEND)/stepwise.mjs
	cp -r node_modules/govuk-frontend/dist/govuk/assets/images $(FRONTEND)/assets/images
	# bpmn-js's prebuilt viewer and modeller (no bundler needed), their styles and icon font, and
	# the case diagram's and the admin modeller's scripts.
	mkdir -p $(FRONTEND)/bpmn-js
	cp node_modules/bpmn-js/dist/bpmn-navigated-viewer.production.min.js \
	   node_modules/bpmn-js/dist/bpmn-modeler.production.min.js $(FRONTEND)/bpmn-js/
	cp node_modules/bpmn-js/dist/assets/diagram-js.css node_modules/bpmn-js/dist/assets/bpmn-js.css $(FRONTEND)/bpmn-js/
	cp -r node_modules/bpmn-js/dist/assets/bpmn-font $(FRONTEND)/bpmn-js/bpmn-font
	cp service/frontend/diagram.mjs service/frontend/diagram.css $(FRONTEND)/
	cp service/frontend/modeller.mjs service/frontend/modeller.css $(FRONTEND)/
	touch $@

frontend: $(FRONTEND_STAMP)

# The app refuses to start without a strong SECRET_KEY. For a local run, write a random one
# once into instance/ (never overwritten: sessions survive restarts); the app reads it when
# SECRET_KEY is not set in the environment. A live server sets its own SECRET_KEY.
KEY_FILE := instance/secret_key
$(KEY_FILE):
	@mkdir -p $(dir $@)
	@umask 077 && python3 -c 'import secrets; print(secrets.token_hex(32))' > $@.tmp && mv $@.tmp $@
	@chmod 600 $@
	@echo "wrote a random SECRET_KEY to $@ (mode 600)"

secret-key: $(KEY_FILE)

migrate: $(RUN_STAMP) $(KEY_FILE)
	$(FLASK) db upgrade

# Demo users share a published password: `flask demo` runs only in demo mode (STEPWISE_DEMO).
demo: migrate
	STEPWISE_DEMO=on $(FLASK) demo

# The demo runs in demo mode (STEPWISE_DEMO): demo users, and the demo clock at /demo/clock
# where an administrator moves time forward to watch deadlines fall due. Never in live use.
# Uploads are checked with the modellers' own linters, so running needs node-deps too.
run: demo node-deps frontend
	@echo ""
	@echo "Stepwise is at http://127.0.0.1:$(PORT)  -  sign in as a demo user above (password: stepwise-demo)"
	@echo "e.g. camden-early-help-manager, then camden-mash-manager; demo-admin can move the demo clock."
	STEPWISE_DEMO=on $(FLASK) run --host 127.0.0.1 --port $(PORT)

test: install system-deps node-deps frontend
	$(MAKE) --no-print-directory test-sqlite
	@if pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then \
	  $(MAKE) --no-print-directory test-postgres; \
	else echo "PostgreSQL not reachable on 127.0.0.1:5432: PostgreSQL pass skipped"; fi

test-sqlite: $(STAMP)
	$(PY) -m pytest -q

test-postgres: $(STAMP)
	DATABASE_URL=$(PG_URL) $(PY) -m pytest -q -p no:cacheprovider

# Complete over HTTP (a real gunicorn, SQLite) against the bare engine's floor, in one run.
bench: $(STAMP)
	$(PY) tools/bench_journey.py

# 10,000 due timers, 4 sweeper processes; needs an empty, throwaway PostgreSQL database.
BENCH_PG_URL ?=
bench-sweep: $(STAMP)
	@test -n "$(BENCH_PG_URL)" || { echo "set BENCH_PG_URL to an empty, throwaway PostgreSQL database"; exit 2; }
	$(PY) tools/bench_sweep.py --timers 10000 --sweepers 4 --database-url $(BENCH_PG_URL)

# 50 clients running journeys for 60 s against 4 gunicorn workers and a scheduler, on PostgreSQL;
# needs an empty, throwaway database and the bench extra (locust), installed here.
bench-throughput: $(STAMP)
	@test -n "$(BENCH_PG_URL)" || { echo "set BENCH_PG_URL to an empty, throwaway PostgreSQL database"; exit 2; }
	$(PY) -m pip install --quiet -e '.[test,bench]'
	$(PY) tools/bench_throughput.py --workers 4 --clients 50 --seconds 60 --database-url $(BENCH_PG_URL)
