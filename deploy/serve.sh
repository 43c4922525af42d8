#!/usr/bin/env bash
# Production serving (what `make serve` runs): migrate, then gunicorn behind nginx.
# nginx buffers whole requests, so clients sending 1 byte a second cannot hold the
# sync workers. Without nginx (or with SERVE_PROXY=0) gunicorn serves alone.
set -euo pipefail
cd "$(dirname "$0")/.."

HOST=${HOST:-127.0.0.1}
PORT=${PORT:-5000}
APP_PORT=${APP_PORT:-$((PORT + 1))}
BIN=${BIN:-.venv/bin}
WORKERS=${WORKERS:-4}
TIMEOUT=${TIMEOUT:-30}
RUN=$(realpath -m "${RUN_DIR:-instance/serve}")
NGINX=${NGINX:-$(command -v nginx || { [ -x /usr/sbin/nginx ] && echo /usr/sbin/nginx; } || true)}

# The app refuses per-worker (memory://) throttling with several workers.
export MENTORMATCH_WORKERS=$WORKERS
if [ "${SERVE_MIGRATE:-1}" != 0 ]; then  # make serve migrates before the job worker starts
    "$BIN/flask" --app mentormatch init-db
fi

gunicorn() {
    exec "$BIN/gunicorn" --workers "$WORKERS" --bind "$1" \
        --timeout "$TIMEOUT" --graceful-timeout 20 \
        --access-logfile - --error-logfile - 'mentormatch:create_app()'
}

if [ -z "$NGINX" ] || [ "${SERVE_PROXY:-1}" = 0 ]; then
    echo "serve: no nginx; gunicorn alone on $HOST:$PORT (slow clients can hold" \
        "its workers: install nginx, see README)" >&2
    gunicorn "$HOST:$PORT"
fi

mkdir -p "$RUN/tmp"
USER_LINE=""
if [ "$(id -u)" = 0 ]; then  # nginx workers drop root; they write only its temp files
    USER_LINE="user nobody nogroup;"
    chown nobody:nogroup "$RUN/tmp"
fi
sed -e "s|@HOST@|$HOST|g" -e "s|@PORT@|$PORT|g" -e "s|@APP_PORT@|$APP_PORT|g" \
    -e "s|@RUN@|$RUN|g" -e "s|@STATIC@|$PWD/static|g" -e "s|@USER_LINE@|$USER_LINE|g" \
    deploy/nginx.conf.template > "$RUN/nginx.conf"
"$NGINX" -t -q -e stderr -p "$RUN" -c "$RUN/nginx.conf"

# The app sees the client's address through nginx's X-Forwarded-For (one hop;
# set 2 when a TLS proxy sits in front of nginx).
export MENTORMATCH_PROXY_FIX_X_FOR=${MENTORMATCH_PROXY_FIX_X_FOR:-1}
(gunicorn "127.0.0.1:$APP_PORT") &
app=$!
"$NGINX" -e stderr -p "$RUN" -c "$RUN/nginx.conf" -g "daemon off;" &
proxy=$!
stop() { kill -TERM "$proxy" "$app" 2>/dev/null || true; wait "$proxy" "$app" 2>/dev/null || true; }
trap 'stop; exit 0' TERM INT
wait -n "$app" "$proxy" || true  # one of them ended: stop the other too
stop
exit 1
