# The two commands of the README: `make run` and `make test`. Everything they need, they install.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000
CHROMIUM ?= /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: backup restore run test setup lint e2e-deps pdf-deps office-deps translations static migrate demo serve messages bench clean

# Links that leave the browser (letters' QR codes, emails, WhatsApp texts) point at SITE_URL: the
# address served here, unless the caller set SITE_URL (e.g. HOST=0.0.0.0 for phones on the LAN:
# SITE_URL=http://192.168.1.20:8000).
SITE_URL ?= http://$(HOST):$(PORT)

# The worker runs beside the server (its schedule: invitation deadlines, call closing, reminders,
# retention; see README "Production") and stops with it: no cron needed.
run: setup pdf-deps migrate demo
	@echo "Kurasi: http://$(HOST):$(PORT)/  (links in letters and messages: $(SITE_URL); stop with Ctrl+C)"
	SITE_URL=$(SITE_URL) $(PY) manage.py worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	SITE_URL=$(SITE_URL) $(PY) manage.py runserver $(HOST):$(PORT) --noreload

test: setup e2e-deps pdf-deps office-deps lint
	$(PY) -m pytest -p no:cacheprovider $(PYTEST_ARGS)

setup: $(VENV)/.installed var/vendor/.installed translations static

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "Kurasi needs Python 3.11 or newer (set PYTHON=python3.11)")'
	[ -x $(PY) ] || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e '.[dev]'
	touch $@

# Front-end packages at the versions pinned in package-lock.json, copied where Django serves them.
# axe-core stays in node_modules: only the browser crawl injects it (tests/e2e/test_phone_and_axe.py), pages never serve it.
var/vendor/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { echo "Kurasi needs Node.js and npm to fetch its front-end packages."; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	mkdir -p var/vendor/pico var/vendor/htmx
	cp node_modules/@picocss/pico/css/pico.min.css var/vendor/pico/
	cp node_modules/htmx.org/dist/htmx.min.js var/vendor/htmx/
	test -f node_modules/axe-core/axe.min.js
	touch $@

translations:
	$(PY) bin/compile-translations

static:
	$(PY) manage.py collectstatic --noinput --verbosity 0

migrate:
	$(PY) manage.py migrate --noinput --verbosity 0
	$(PY) manage.py createcachetable

demo:
	$(PY) manage.py seed_demo

lint:
	$(VENV)/bin/ruff check .
	$(PY) manage.py makemigrations --check --dry-run --verbosity 0

# Browser tests drive Debian's Chromium; install it when it is missing.
e2e-deps:
	@[ -x $(CHROMIUM) ] || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium; }

# Result letters are PDFs made by WeasyPrint, which needs Pango (and a serif font) from the system.
pdf-deps:
	@ldconfig -p | grep -q libpangoft2-1.0 && fc-list | grep -qi "liberation serif\|dejavu serif" || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation fonts-dejavu-core; }

# The import tests open workbooks saved by LibreOffice, as offices save them (soffice --headless
# --convert-to xlsx); install Calc without its desktop parts when it is missing.
office-deps:
	@command -v soffice >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq libreoffice-calc-nogui; }

# One archive (database + uploaded files + manifest) in KURASI_BACKUP_DIR (var/backups); store it
# encrypted. `make restore FILE=var/backups/kurasi-….tar.gz` into an empty database (FORCE=1 to
# replace one that holds data).
backup:
	$(PY) manage.py backup

restore:
	@[ -n "$(FILE)" ] || { echo "Usage: make restore FILE=path/to/backup.tar.gz [FORCE=1]"; exit 2; }
	$(PY) manage.py restore "$(FILE)" $(if $(FORCE),--force)

# For developers: refresh the catalogues after changing translatable strings (needs GNU gettext).
messages:
	$(PY) manage.py makemessages --locale id --locale en --no-obsolete --add-location file --ignore 'node_modules/*' --ignore '.venv/*' --ignore 'var/*' --ignore 'staticfiles/*'

bench: setup
	$(PY) bench/run_all.py

clean:
	rm -rf $(VENV) node_modules var/vendor staticfiles
