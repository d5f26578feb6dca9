#!/usr/bin/env bash
# Serve the demo site and run the django-q2 cluster beside it; Ctrl-C stops both.
# PORT (default 8000) chooses the port on 127.0.0.1; the cluster's log goes to var/qcluster.log.
set -uo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
PORT="${PORT:-8000}"
ADDRESS="http://127.0.0.1:${PORT}/"

# Before anything starts: a taken port is one clear line, not a traceback after the banner.
"$PY" scripts/check_port.py "$PORT" || exit 1
# Links in the demo's e-mails (printed by the console backend) point at this port.
export SITE_URL="${SITE_URL:-http://127.0.0.1:${PORT}}"
mkdir -p var
CLUSTER_LOG=var/qcluster.log

# Job control puts the site and the cluster each in a process group of its own, so each stops
# with all its workers. Both run as jobs the script waits on: Ctrl-C reaches this script (the
# terminal's foreground group) and its trap stops both, whichever way the script ends.
set -m
"$PY" manage.py qcluster >>"$CLUSTER_LOG" 2>&1 &
cluster=$!
"$PY" manage.py runserver --noreload "127.0.0.1:${PORT}" &
server=$!

stop_group() {
  local group=$1
  kill -TERM -- "-$group" 2>/dev/null || return 0
  # qcluster can hang after SIGTERM; never wait on it for ever.
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

# The banner comes once the site answers, so it sits below the server's start-up lines.
for _ in $(seq 1 60); do
  kill -0 "$server" 2>/dev/null || { echo "certify demo: the site did not start (see above)." >&2; exit 1; }
  "$PY" - "$PORT" <<'PROBE' 2>/dev/null && break
import socket, sys
socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=1).close()
PROBE
  sleep 0.5
done

cat <<BANNER

  certify demo: ${ADDRESS}

  Demo sign-ins (password for all: certify-demo-2026)
    requester (victim, Spanish)   victim@demo.certify.example
    requester (victim, English)   victim.en@demo.certify.example
    advocate                      advocate@demo.certify.example
    coordinator (SF Police)       coordinator@demo.certify.example
    certifying official (SFPD)    official@demo.certify.example
    agency lead (SF Police)       lead@demo.certify.example
    site admin                    admin@demo.certify.example   (${ADDRESS}admin/)

  Staff and the site admin also enter a 6-digit code. Print the current one with
    .venv/bin/python manage.py demo_totp
  (or add the shared secret CERTIFYDEMOSECRETKEYFORDEMOUSERS to an authenticator app).

  The task cluster's log: ${CLUSTER_LOG}
  Press Ctrl-C to stop the site and the task cluster.

BANNER

# Returns when either stops (or when Ctrl-C arrives); the EXIT trap then stops the other.
wait -n "$server" "$cluster"
