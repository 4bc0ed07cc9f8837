# Arrimage: the everyday commands (DESIGN.md section 2).
#
#   make run        install, migrate, load the demo, print its logins, serve on http://127.0.0.1:8000
#   make test       install, then run the whole test suite (PostgreSQL when possible, else SQLite)
#   make lint       ruff: lint and formatting
#   make messages   update the fr_CA catalogue from the code, then compile it
#   make docs       write docs/indicators.md from the indicator registry (in French)
#   make install    Python dependencies (uv.lock) and compiled translations
#   make bench      benchmarks on PostgreSQL (DESIGN.md section 10), writes BENCHMARKS.md
#   make serve      production: collect static files, migrate, gunicorn (docs/deploy.md)
#   make backup     pg_dump of DATABASE_URL into backups/ (or BACKUP_FILE)
#   make restore    BACKUP_FILE=… : replace DATABASE_URL's data with that backup
#
# Every target installs what it needs, so each works on a fresh machine. Longer steps live
# in scripts/ (shell); this file only strings them together.

SHELL := /bin/bash

# uv: on PATH; else where `pip install --user` puts it; else through the Python that has it.
# A recursive (=) variable, so it is looked up each time a recipe uses it, after `make uv`
# may have installed it. `make UV=/path/to/uv ...` overrides it.
UV = $(shell command -v uv 2>/dev/null || { [ -x "$(HOME)/.local/bin/uv" ] && echo "$(HOME)/.local/bin/uv"; } || echo "python3 -m uv")

# Django's manage.py in the project's environment. --frozen: use uv.lock as it is, never
# rewrite it.
MANAGE = $(UV) run --frozen python manage.py

# Development server and commands around it: DEBUG on, unless DJANGO_DEBUG is already set.
DEV_ENV = DJANGO_DEBUG="$${DJANGO_DEBUG:-1}"

# The test suite runs with the production settings (DEBUG off, whatever the environment or
# .env say) and throwaway keys; no redirection to https for the test client.
# DATABASE_URL is chosen by the `test` recipe.
TEST_ENV = DJANGO_DEBUG=0 \
	DJANGO_SECRET_KEY=test-only-secret-key-not-for-production \
	ARRIMAGE_PSEUDONYM_KEY=test-only-pseudonym-key \
	DJANGO_SECURE_SSL_REDIRECT=0 \
	ARRIMAGE_STATIC_MANIFEST=0

# Extra pytest arguments, e.g. make test PYTEST_ARGS="-k escape -x" (or --create-db to
# rebuild the reused PostgreSQL test database after a migration was rewritten;
# PYTEST_ARGS="-m 'not browser'" leaves out the browser tests, tests/browser/).
PYTEST_ARGS ?=

# Password given to the demo users by `make run` (load_demo --password).
DEMO_PASSWORD ?= arrimage-demo

.PHONY: help uv sync translations install run test ensure-chromium lint messages docs bench \
	backup restore serve

help:
	@sed -n '3,12p' Makefile | sed 's/^# *//'

# uv itself, with pip, when it is missing.
uv:
	@bash scripts/ensure-uv.sh

# The Python environment (.venv) exactly as uv.lock says, dev group (pytest, ruff) included.
sync: uv
	$(UV) sync --frozen

# Compile the .po catalogues into .mo files (not committed). Nothing to do, and no error,
# while no catalogue exists yet.
translations: sync
	@if [ -z "$$(find . -path ./.venv -prune -o -name '*.po' -print | head -n 1)" ]; then \
		echo "Aucun catalogue de traduction (.po) : rien à compiler."; \
	else \
		bash scripts/ensure-gettext.sh && \
		$(DEV_ENV) $(MANAGE) compilemessages --ignore=.venv; \
	fi

install: sync translations

# Development server on SQLite (db.sqlite3) unless DATABASE_URL says otherwise.
run: install
	$(DEV_ENV) $(MANAGE) migrate
	$(DEV_ENV) $(MANAGE) load_demo --password "$(DEMO_PASSWORD)"
	@echo
	@echo "Arrimage : http://127.0.0.1:8000/  (Ctrl+C pour arrêter)"
	@echo "Comptes de démonstration, mot de passe : $(DEMO_PASSWORD)"
	@echo "  admin            administration (tout, et /admin/)"
	@echo "  conseiller       conseiller du ministère (tous les territoires, agrégats seulement)"
	@echo "  coordination-a   coordination du territoire A"
	@echo "  coordination-b   coordination du territoire B"
	@echo "  pap-a            personne agente de proximité du territoire A"
	@echo
	$(DEV_ENV) $(MANAGE) runserver 127.0.0.1:8000

# Chromium for the browser tests (tests/browser/); they are skipped without it.
ensure-chromium:
	@bash scripts/ensure-chromium.sh

# The whole suite. Database: DATABASE_URL when set; else a local PostgreSQL started by
# scripts/ensure-postgres.sh; else SQLite. REQUIRE_POSTGRES=1 (set by .ci/run) turns the
# SQLite fallback into a failure. Exits non-zero when pytest does (make reports pytest's
# code as "Error N"; 5 means that no test ran).
test: install ensure-chromium
	@url="$${DATABASE_URL:-}"; \
	if [ -z "$$url" ]; then \
		url=$$(bash scripts/ensure-postgres.sh) || url=""; \
	fi; \
	where="$${url#*://}"; where="$${where#*@}"; \
	case "$$url" in \
		postgres*|pgsql*) echo "Tests sur PostgreSQL ($$where)" ;; \
		"") echo "PostgreSQL indisponible : tests sur SQLite"; \
			url="sqlite:///$(CURDIR)/db.sqlite3" ;; \
		sqlite*) echo "Tests sur SQLite ($$url)" ;; \
		*) echo "Tests sur la base de DATABASE_URL ($$where)" ;; \
	esac; \
	case "$${REQUIRE_POSTGRES:-}:$$url" in \
		:*|*:postgres*|*:pgsql*) ;; \
		*) echo "REQUIRE_POSTGRES est défini : les tests doivent tourner sur PostgreSQL." >&2; exit 1 ;; \
	esac; \
	env $(TEST_ENV) DATABASE_URL="$$url" $(UV) run --frozen pytest $(PYTEST_ARGS) || { \
		status=$$?; \
		if [ $$status -eq 5 ]; then echo "Aucun test n'a été exécuté." >&2; fi; \
		exit $$status; \
	}

lint: uv
	$(UV) run --frozen ruff check .
	$(UV) run --frozen ruff format --check .

# Update locale/fr_CA/LC_MESSAGES/django.po from the code and templates, then compile it.
# Translate the new entries (msgstr) before committing the .po file.
messages: sync
	@bash scripts/ensure-gettext.sh
	$(DEV_ENV) $(MANAGE) makemessages -l fr_CA --ignore=.venv --ignore=staticfiles
	$(DEV_ENV) $(MANAGE) compilemessages --ignore=.venv

# docs/indicators.md from indicators/registry.py and indicators/formulas.py (indicators/docs.py);
# tests/indicators/test_docs.py fails while the committed file differs from what this writes.
docs: install
	$(DEV_ENV) $(MANAGE) write_indicator_docs

# Benchmarks (bench/): generate the 5- and 50-territory data sets in databases of their own on
# the local PostgreSQL (reused while the generator is unchanged), time the engine, the SQL
# floor, export_indicators, the pages (bench/pages.py) and import_data, and write BENCHMARKS.md.
# About 10 minutes the first time. make bench BENCH_ARGS=--regenerate generates the data sets
# again; BENCH_ARGS=--pages-only measures the pages again and keeps the rest of the last run.
BENCH_ARGS ?=

bench: install
	$(UV) run --frozen python -m bench $(BENCH_ARGS)

# Backups of the PostgreSQL database of DATABASE_URL (scripts/backup.sh, scripts/restore.sh).
BACKUP_FILE ?=

backup:
	@bash scripts/backup.sh $(if $(BACKUP_FILE),"$(BACKUP_FILE)")

restore:
	@bash scripts/restore.sh "$(BACKUP_FILE)"

# Production (docs/deploy.md): the environment gives DATABASE_URL (PostgreSQL), the keys and
# DJANGO_ALLOWED_HOSTS; DEBUG stays off. Static files are collected with hashed names and
# compressed copies, and WhiteNoise serves them; gunicorn logs requests without their query
# string (it may hold a typed family code). BIND and WEB_CONCURRENCY (2 × cores + 1) override.
GUNICORN_ACCESS_FORMAT = '%(t)s "%(m)s %(U)s" %(s)s %(b)s %(L)s'

# The environment is installed beforehand (docs/deploy.md: uv sync --frozen --no-dev,
# compilemessages): serve changes nothing in .venv, so it runs on a read-only system.
SERVE_RUN = $(UV) run --frozen --no-sync

serve:
	DJANGO_DEBUG=0 $(SERVE_RUN) python manage.py collectstatic --noinput --verbosity 0
	DJANGO_DEBUG=0 $(SERVE_RUN) python manage.py migrate --noinput
	DJANGO_DEBUG=0 $(SERVE_RUN) gunicorn config.wsgi:application \
		--bind "$${BIND:-127.0.0.1:8000}" --workers "$${WEB_CONCURRENCY:-3}" --timeout 60 \
		--access-logfile - --access-logformat $(GUNICORN_ACCESS_FORMAT)
