# Two commands matter: `make run` (the portal with demo data) and `make test` (the whole suite).
VENV ?= .venv
PY := $(VENV)/bin/python
PYTHON ?= python3
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint install lock messages demo sluit-demo-ronde vendor bench mutate clean

# Every install (make run, make test, hence .ci/run; the Dockerfile too) takes exactly the versions in the one lock
# file, hashes checked. The project itself is not installed: it runs from this folder.
$(VENV)/.geinstalleerd: requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r requirements.lock
	touch $@

install: $(VENV)/.geinstalleerd

# After a change of the dependencies in pyproject.toml: the lock again (all platforms, Python 3.11, with hashes;
# pins already in it stay unless pyproject asks otherwise; LOCK_ARGS=--upgrade moves everything to the newest).
lock: install
	$(VENV)/bin/uv pip compile pyproject.toml --extra test --universal --python-version 3.11 --generate-hashes \
		--quiet $(LOCK_ARGS) -o requirements.lock

# The OpenID Connect provider the tests start (tests/idp: node's oidc-provider, pinned by its lock file).
IDP := tests/idp/node_modules/.package-lock.json
$(IDP): tests/idp/package.json tests/idp/package-lock.json
	npm ci --prefix tests/idp --no-audit --no-fund --loglevel=error

messages: install
	$(PY) manage.py compilemessages --ignore=.venv --ignore=var -v0

run: install messages
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py demo
	HOST=$(HOST) PORT=$(PORT) PY=$(PY) bash scripts/run.sh

test: install messages $(IDP)
	$(VENV)/bin/ruff check .
	$(PY) scripts/testenv.py -- $(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .

demo: install
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py demo

vendor:
	bash scripts/vendor.sh

# Benchmarks (bench/run_all.py; BENCH=pdf.py runs one): PostgreSQL at production settings, gunicorn, Celery workers.
bench: install messages
	$(PY) scripts/testenv.py --productie -- $(PY) bench/run_all.py $(BENCH)

# Mutation testing of the pure rule modules (scripts/mutate.py; not part of `make test`).
mutate: install
	$(PY) scripts/testenv.py -- $(PY) scripts/mutate.py

clean:
	rm -rf var $(VENV)
