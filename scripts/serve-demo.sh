#!/usr/bin/env bash
# Serve the demo site and run the django-q2 cluster beside it; Ctrl-C stops both.
set -uo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python

cat <<'BANNER'

  certify demo: http://127.0.0.1:8000/

  Demo sign-ins (password for all: certify-demo-2026)
    requester (victim, Spanish)   victim@demo.certify.example
    requester (victim, English)   victim.en@demo.certify.example
    advocate                      advocate@demo.certify.example
    coordinator (SF Police)       coordinator@demo.certify.example
    certifying official (SFPD)    official@demo.certify.example
    agency lead (SF Police)       lead@demo.certify.example
    site admin                    admin@demo.certify.example   (/admin/)

  Press Ctrl-C to stop the site and the task cluster.

BANNER

# Job control gives the cluster its own process group, so it and its workers stop together.
set -m
"$PY" manage.py qcluster &
cluster=$!

stop_cluster() {
  kill -TERM -- "-$cluster" 2>/dev/null || return 0
  # qcluster can hang after SIGTERM; never wait on it for ever.
  for _ in 1 2 3 4 5 6 7 8 9 10; do
    kill -0 -- "-$cluster" 2>/dev/null || return 0
    sleep 0.5
  done
  kill -KILL -- "-$cluster" 2>/dev/null
}
trap stop_cluster EXIT
trap 'exit 130' INT TERM

"$PY" manage.py runserver --noreload 127.0.0.1:8000
