#!/usr/bin/env bash
# Production smoke test on this machine, from the files in deploy/:
#   - settings from deploy/certify.env.example with DEBUG=false, fresh keys, a temporary
#     CERTIFY_VAR_DIR, SQLite (or $DATABASE_URL when set), e-mail printed;
#   - `check --deploy`, migrate, build_catalogs, collectstatic, the stand-in PDFs installed
#     as the editions (the official USCIS files cannot be bundled);
#   - gunicorn and the task cluster started with the ExecStart lines of
#     deploy/certify-web.service and deploy/certify-cluster.service;
#   - then the probes over plain HTTP by the server's address (not in ALLOWED_HOSTS):
#     /health/live 200, /health/ready 200 with every check, a page redirected to HTTPS,
#     and /health/ready 503 naming task_cluster once the cluster is stopped.
# Every process it starts is stopped on exit. SMOKE_PORT chooses the port (default 8765).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
PY="$ROOT/.venv/bin/python"
PORT="${SMOKE_PORT:-8765}"
BASE="http://127.0.0.1:${PORT}"
WORK=$(mktemp -d /tmp/certify-smoke.XXXXXX)
server=""
cluster=""

step() { printf '== %s\n' "$*"; }
fail() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }

stop_group() {
  local group=$1
  [ -n "$group" ] || return 0
  kill -TERM -- "-$group" 2>/dev/null || return 0
  for _ in $(seq 1 30); do
    kill -0 -- "-$group" 2>/dev/null || return 0
    sleep 0.5
  done
  kill -KILL -- "-$group" 2>/dev/null || true
}
cleanup() {
  stop_group "$server"
  stop_group "$cluster"
  if [ "${KEEP:-}" = 1 ]; then echo "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

"$PY" -c "
import socket, sys
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
try: s.bind(('127.0.0.1', $PORT))
except OSError: sys.exit('port $PORT is in use: set SMOKE_PORT')
" || exit 1

step "settings from deploy/certify.env.example (DEBUG=false) in $WORK"
fernet() { "$PY" -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"; }
token() { "$PY" -c "import secrets; print(secrets.token_urlsafe(60))"; }
sed -e "s|^SECRET_KEY=.*|SECRET_KEY=$(token)|" \
    -e "s|^FIELD_ENCRYPTION_KEYS=.*|FIELD_ENCRYPTION_KEYS=$(fernet)|" \
    -e "s|^BLIND_INDEX_KEY=.*|BLIND_INDEX_KEY=$(token)|" \
    -e "s|^BACKUP_KEYS=.*|BACKUP_KEYS=$(fernet)|" \
    -e "s|^CERTIFY_VAR_DIR=.*|CERTIFY_VAR_DIR=$WORK/var|" \
    -e "s|^EMAIL_BACKEND=.*|EMAIL_BACKEND=django.core.mail.backends.console.EmailBackend|" \
    -e "s|^DATABASE_URL=.*|DATABASE_URL=${DATABASE_URL:-}|" \
    deploy/certify.env.example >"$WORK/certify.env"
set -a
# shellcheck disable=SC1091
. "$WORK/certify.env"
set +a
[ -n "${DATABASE_URL:-}" ] || unset DATABASE_URL
grep -q "^DEBUG=false" "$WORK/certify.env" || fail "the template does not turn DEBUG off"

step "check --deploy, migrate, catalogues, static files, editions"
"$PY" manage.py check --deploy --fail-level WARNING
"$PY" manage.py migrate --noinput --verbosity 0
"$PY" manage.py build_catalogs >/dev/null
"$PY" manage.py collectstatic --noinput --verbosity 0
"$PY" manage.py build_standins --out "$WORK/standins" >/dev/null
"$PY" manage.py install_form_edition "$WORK/standins/i-918b-01-20-25-standin.pdf" --form I-918B >/dev/null
"$PY" manage.py install_form_edition "$WORK/standins/i-914b-01-20-25-standin.pdf" --form I-914B >/dev/null

unit_command() {
  sed -n 's/^ExecStart=//p' "$1" | sed -e "s|/srv/certify|$ROOT|g" -e "s|127.0.0.1:8000|127.0.0.1:${PORT}|"
}
WEB=$(unit_command deploy/certify-web.service)
CLUSTER=$(unit_command deploy/certify-cluster.service)
step "web: $WEB"
set -m
# shellcheck disable=SC2086
$WEB >"$WORK/gunicorn.log" 2>&1 &
server=$!
step "cluster: $CLUSTER"
# shellcheck disable=SC2086
$CLUSTER >"$WORK/qcluster.log" 2>&1 &
cluster=$!
set +m

answer() { curl -s -o "$WORK/body" -w '%{http_code}' "$@" || true; }
wait_for() {  # wait_for CODE PATH: up to 40 s for PATH to answer CODE
  local code=$1 path=$2 got=""
  for _ in $(seq 1 80); do
    got=$(answer "$BASE$path")
    [ "$got" = "$code" ] && return 0
    sleep 0.5
  done
  echo "last answer $got: $(cat "$WORK/body" 2>/dev/null)" >&2
  return 1
}

step "GET /health/live"
wait_for 200 /health/live || { tail -20 "$WORK/gunicorn.log"; fail "liveness"; }
echo "200 $(cat "$WORK/body")"

step "GET /health/ready (cluster running)"
wait_for 200 /health/ready || { tail -20 "$WORK/qcluster.log"; fail "readiness with the cluster up"; }
echo "200 $(cat "$WORK/body")"

step "a page over plain HTTP goes to HTTPS"
got=$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' -H 'Host: certify.example.org' "$BASE/")
echo "$got"
[ "$got" = "301 https://certify.example.org/" ] || fail "expected a redirect to HTTPS"

step "stop the cluster"
stop_group "$cluster"
cluster=""
step "GET /health/ready (cluster stopped)"
wait_for 503 /health/ready || fail "readiness did not notice the stopped cluster"
echo "503 $(cat "$WORK/body")"
grep -q '"failing": \["task_cluster"\]' "$WORK/body" || fail "503 without naming task_cluster"

step "deploy smoke test passed"
