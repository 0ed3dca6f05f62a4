# The Levallois public services assistant. `make help` lists the targets.
# Two commands do all the set-up on a fresh machine: `make run` and `make test`.

.DEFAULT_GOAL := help
SHELL := /bin/bash
export PYTHONPATH := $(CURDIR)
export TF_CPP_MIN_LOG_LEVEL := 2
# No telemetry nor crash reports leave the machine (and none can: no internet at run time).
export RASA_TELEMETRY_ENABLED := false

UV ?= $(shell command -v uv 2>/dev/null || echo $(CURDIR)/.tools/bin/uv)
export UV
VENV := .venv
BIN := $(VENV)/bin
RASA := $(BIN)/rasa
PY := $(BIN)/python

.PHONY: help
help: ## Show this help
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-14s\033[0m %s\n", $$1, $$2}'

# --- set-up -------------------------------------------------------------------------
$(CURDIR)/.tools/bin/uv:
	python3 -m venv .tools && .tools/bin/pip install -q uv==0.13.8

$(BIN)/.synced: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --python "$$(scripts/find-python.sh 3.10)"
	@touch $@

.env:
	@echo "MUNICIPAL_API_TOKEN=$$(python3 -c 'import secrets; print(secrets.token_urlsafe(32))')" > .env
	@echo "CHANNEL_SENDER_SECRET=$$(python3 -c 'import secrets; print(secrets.token_urlsafe(32))')" >> .env
	@echo "created .env with a local service token and the SMS/WhatsApp id key (never commit it)"

# The web chat's browser parts (socket.io client, and the browser tests' playwright-core
# and axe-core) from npm, locked; never a browser download: the tests use Debian's chromium.
WEB := bot/web
$(WEB)/node_modules/.installed: $(WEB)/package.json $(WEB)/package-lock.json
	cd $(WEB) && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
	@touch $@

.PHONY: chromium
chromium: ## Debian's chromium for the browser tests, installed only when missing
	@command -v chromium >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium)

.PHONY: install
install: $(BIN)/.synced .env $(WEB)/node_modules/.installed chromium ## Install the assistant, the municipal API and the web chat (uv, npm, chromium)
	@$(MAKE) -s -C municipal_api install UV=$(UV)

# --- run ----------------------------------------------------------------------------
.PHONY: run
run: install ## Start the whole assistant: municipal API :8000, actions :5055, Rasa :5005, web chat :8080
	$(PY) -m bot.cli run

.PHONY: run-prod
run-prod: install ## Production profile: PostgreSQL, Redis, two Rasa behind a proxy (settings: deploy/prod.env.example)
	$(PY) -m bot.cli run --profile prod $(if $(wildcard deploy/prod.env),--env-file deploy/prod.env)

.PHONY: api
api: install ## Start the municipal API alone on :8000
	MUNICIPAL_API_ENV_FILE=$(CURDIR)/.env $(MAKE) -C municipal_api run

.PHONY: actions
actions: install ## Start the action server alone on :5055
	$(PY) -m rasa_sdk --actions actions --port 5055

.PHONY: chat
chat: ## Chat in the terminal with the assistant started by `make run`
	$(PY) -m bot.cli chat

.PHONY: model
model: install ## Train the Rasa model if its data changed since the last model
	$(PY) -m bot.cli model

# --- checks -------------------------------------------------------------------------
.PHONY: validate
validate: install ## Check the training data and domain (rasa data validate --fail-on-warnings)
	$(RASA) data validate --fail-on-warnings

.PHONY: test-unit
test-unit: install ## Unit and action tests (actions run against the real municipal API)
	$(BIN)/pytest tests --ignore=tests/e2e --ignore=tests/prod -q

.PHONY: test-api
test-api: install ## Municipal API tests, on SQLite and the local PostgreSQL, plus the schemathesis fuzz
	$(MAKE) -C municipal_api test

.PHONY: test-stories
test-stories: model ## Rasa test stories (tests/stories), failing on any prediction error
	$(RASA) test core --model "$$($(PY) -m bot.cli model | tail -1)" --stories tests/stories \
		--fail-on-prediction-errors --out results/stories

.PHONY: test-e2e
test-e2e: model ## End-to-end conversations over REST against the real stack
	$(BIN)/pytest tests/e2e -q

.PHONY: test-prod
test-prod: model ## Production profile on the local PostgreSQL and Redis: two Rasa instances, one lock, a crash
	$(BIN)/pytest tests/prod -q

.PHONY: screenshots
screenshots: model ## Screenshots of the web chat, the kiosk and the staff dashboard into docs/ (browser tests)
	WEB_SCREENSHOTS=$(CURDIR)/docs $(BIN)/pytest tests/e2e/browser -q -k "conversation or right_to_left or dashboard"

.PHONY: test
test: install test-unit test-api validate audit-offline test-stories test-e2e test-prod ## Every test: unit, API, data, dependency audit, stories, end-to-end, production profile
	@echo "all tests passed"

.PHONY: retention
retention: install ## Delete conversations older than RETENTION_DAYS (30) and erase personal values of idle ones
	PYTHONWARNINGS=ignore $(PY) -m bot.cli retention --days $${RETENTION_DAYS:-30}

.PHONY: opendata
opendata: install ## Monthly open data (CSV, JSON, README; counts under 10 suppressed) into var/opendata: MONTH=YYYY-MM OUT=dir
	PYTHONWARNINGS=ignore $(PY) -m bot.cli opendata $(if $(MONTH),--month $(MONTH)) $(if $(OUT),--out $(OUT))

.PHONY: audit
audit: install ## Known vulnerabilities of both projects' locked dependencies (pip-audit; needs the advisory service online)
	bash scripts/audit.sh

.PHONY: audit-offline
audit-offline: install ## Known vulnerabilities of both lock files against the advisory snapshot in security/ (offline; part of make test)
	$(PY) security/audit_offline.py

.PHONY: crossval
crossval: install ## NLU cross-validation (5 folds), per-language report in results/crossval
	$(PY) -m bot.cli crossval

.PHONY: eval
eval: model ## Held-out NLU report per language (tests/nlu/<lang>.yml): intent accuracy, language id
	$(PY) -m bot.cli eval

# --- benchmarks (never part of `make test`; README, "Benchmarks") -----------------------
# BENCH_MODEL=<model.tar.gz>: serve that model (no training); otherwise the current data's.
.PHONY: load
load: $(if $(BENCH_MODEL),install,model) ## Load test: 100 residents x 20 turns over REST, bookings racing; lost messages and double bookings must be 0 (LOAD_PROFILE=prod, BENCH_QUICK=1)
	$(PY) -m bench.loadgen $(LOAD_ARGS)

.PHONY: bench
bench: $(if $(BENCH_MODEL),install,model) ## Benchmark suite: our stack vs stock Rasa (1/8/32 at once), start-up, training, accuracy, profile -> bench/results.json, README (BENCH_QUICK=1)
	$(PY) -m bench.suite $(BENCH_ARGS)

.PHONY: clean
clean: ## Remove trained models, test results and local databases
	rm -rf models results var .rasa
