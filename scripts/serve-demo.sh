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

  Staff and the site admin also enter a 6-digit code: every demo staff user shares the TOTP
  secret CERTIFYDEMOSECRETKEYFORDEMOUSERS (see README.md for a one-line way to print the code).

  Press Ctrl-C to stop the site and the task cluster.

BANNER

# Job control puts the site and the cluster each in a process group of its own, so each stops
# with all its workers. Both run as jobs the script waits on: Ctrl-C reaches this script (the
# terminal's foreground group) and its trap stops both, whichever way the script ends.
set -m
"$PY" manage.py qcluster &
cluster=$!
"$PY" manage.py runserver --noreload 127.0.0.1:8000 &
server=$!

stop_group() {
  local group=$1
  kill -TERM -- "-$group" 2>/dev/null || return 0
  # qcluster can hang after SIGTERM (stack notes); never wait on it for ever.
  for _ in 1 2 3 4 5 6 7 8 9 10; do
    kill -0 -- "-$group" 2>/dev/null || return 0
    sleep 0.5
  done
  kill -KILL -- "-$group" 2>/dev/null
}
stop_all() {
  stop_group "$server"
  stop_group "$cluster"
}
trap stop_all EXIT
trap 'exit 130' INT TERM

# Returns when either stops (or when Ctrl-C arrives); the EXIT trap then stops the other.
wait -n "$server" "$cluster"
