#!/usr/bin/env bash
# Runs the web server and a Celery worker (with beat) together; Ctrl-C stops both.
set -euo pipefail
PY=${PY:-.venv/bin/python}
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8000}
# Links in e-mails and letters point where this portal runs (unless SITE_URL says otherwise, as in production).
export SITE_URL=${SITE_URL:-http://$HOST:$PORT}
"$PY" -m celery -A wlzportal worker --beat -l info -c 2 --schedule var/celerybeat-schedule \
  > var/celery.log 2>&1 &
WORKER=$!
trap 'kill $WORKER 2>/dev/null || true; wait $WORKER 2>/dev/null || true' EXIT INT TERM
echo
echo "  Wlz inschrijvingsportaal draait op http://$HOST:$PORT/  (Celery-log: var/celery.log)"
echo "  Stoppen met Ctrl-C."
echo
"$PY" manage.py runserver "$HOST:$PORT" --noreload
