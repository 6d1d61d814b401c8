# The two commands a newcomer needs: `make run` and `make test` (see README.md).
VENV ?= .venv
PYTHON ?= python3
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install install-dev data serve worker beat lint format benchmark backup clean

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt $(VENV)/.installed
	$(PIP) install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

# The Nu Html Checker (the W3C's HTML validator, a Java program) for tests/markup, from npm's vnu-jar package,
# pinned by version and by the checksum of the jar.
VNU_VERSION := 26.9.27
VNU_SHA256 := 22f15dd39a33bed929d2a5c0cddf5946849a647eca9272bf4d5d00bc7e7a4d47
VNU_JAR := $(VENV)/vnu-$(VNU_VERSION).jar
$(VNU_JAR): $(VENV)/.installed
	cd $(VENV) && npm pack --silent vnu-jar@$(VNU_VERSION) >/dev/null
	tar -xzf $(VENV)/vnu-jar-$(VNU_VERSION).tgz -C $(VENV) package/build/dist/vnu.jar
	echo "$(VNU_SHA256)  $(VENV)/package/build/dist/vnu.jar" | sha256sum --check --quiet
	mv $(VENV)/package/build/dist/vnu.jar $@
	touch $@  # the package's files carry npm's fixed 1985 date
	rm -r $(VENV)/package $(VENV)/vnu-jar-$(VNU_VERSION).tgz

# Migrate and load reference and demo data; every step is idempotent.
data: install
	$(PY) manage.py compile_translations
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_admin_units
	$(PY) manage.py load_criteria
	$(PY) manage.py seed_demo

# Install, load the demo data and serve on the embedded default (SQLite, Celery in-process).
run: data
	$(PY) manage.py runserver $(HOST):$(PORT)

# Install what the tests need and run the whole suite (PostgreSQL/Redis when DATABASE_URL/REDIS_URL are set),
# one pytest-xdist worker per core; each test is scheduled on its own, longest first (conftest.py); a module sharing
# a module-scoped fixture stays on one worker. PYTEST_ARGS="-n 0 -k expiry" narrows it.
PYTEST_ARGS ?= -n auto --dist loadgroup --no-loadscope-reorder
# Bytecode is written even where the environment says not to (PYTHONDONTWRITEBYTECODE): without its cache pytest
# rewrites the asserts of every test module and plugin again in each of its processes (~3.5 s of CPU each).
test: install-dev $(VNU_JAR)
	env -u PYTHONDONTWRITEBYTECODE VNU_JAR=$(abspath $(VNU_JAR)) $(PY) -m pytest $(PYTEST_ARGS)

# Production topology on PostgreSQL + Redis: gunicorn, one Celery worker and exactly one beat.
# Needs DATABASE_URL, REDIS_URL, SECRET_KEY, SITE_URL, DEBUG=0 and ALLOWED_HOSTS in the environment.
# The steps live in bin/serve, which the integration test runs too (tests/integration/test_make_serve.py).
RUN_DIR ?= var/run
serve: install
	VENV=$(VENV) HOST=$(HOST) PORT=$(PORT) RUN_DIR=$(RUN_DIR) ./bin/serve

# The database and the stored files into one folder under BACKUP_ROOT (var/backups); README, "Backups".
backup: install
	$(PY) manage.py backup

# Style and architecture: ruff, and the import contracts of .importlinter (imports flow one way).
lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

format: install-dev
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

benchmark: install-dev
	$(PY) manage.py benchmark

clean:
	rm -rf $(VENV) staticfiles var
