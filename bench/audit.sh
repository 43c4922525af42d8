#!/usr/bin/env bash
# Security audit: a demo instance on loopback, then sqlmap and wapiti, logged in and bounded.
# The scanners live in their own venv (bench/out/audit-venv): wapiti3 pins SQLAlchemy 2.0.28,
# MarkupSafe 2.1.5 and more, which would break the app's venv.
set -euo pipefail
cd "$(dirname "$0")/.."

OUT=bench/out/audit
TOOLS=bench/out/audit-venv
PORT=${AUDIT_PORT:-5055}
BASE="http://127.0.0.1:$PORT"
SECONDS_EACH=${AUDIT_SECONDS:-300}
mkdir -p "$OUT"

if [ ! -x "$TOOLS/bin/wapiti" ] || [ ! -x "$TOOLS/bin/sqlmap" ]; then
	python3 -m venv "$TOOLS"
	"$TOOLS/bin/pip" install --quiet sqlmap wapiti3
fi

rm -f "$OUT/audit.db"
export DATABASE_URL="sqlite:///$PWD/$OUT/audit.db"
SECRET_KEY=$(python3 -c 'import secrets; print(secrets.token_hex(32))')
export SECRET_KEY MENTORMATCH_ENV_NAME=production MENTORMATCH_SECURE_COOKIES=false
# The scanners send hundreds of log-in attempts; throttling would hide what they test.
export MENTORMATCH_RATELIMIT_ENABLED=false
MENTORMATCH_ENV_NAME=development .venv/bin/flask --app mentormatch init-db >/dev/null
MENTORMATCH_ENV_NAME=development .venv/bin/flask --app mentormatch seed-demo \
	--mentors 40 --mentees 40 >/dev/null

.venv/bin/gunicorn --workers 2 --bind "127.0.0.1:$PORT" 'mentormatch:create_app()' \
	>"$OUT/server.log" 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true' EXIT
for _ in $(seq 60); do
	curl -fsS "$BASE/healthz" >/dev/null 2>&1 && break
	kill -0 "$SERVER" 2>/dev/null || { tail -20 "$OUT/server.log"; exit 1; }
	sleep 1
done

# Log in as a seeded mentee through the real form; print "session=..." for the scanners.
COOKIE=$(.venv/bin/python - "$PORT" <<'EOF'
import sys
from sqlalchemy import create_engine, text
from bench.load import Browser, Stats
import os

url = os.environ["DATABASE_URL"]
with create_engine(url).connect() as conn:
    email = conn.scalar(text(
        "SELECT u.email FROM user_account u JOIN profile p ON p.user_id = u.id "
        "WHERE p.wants_mentor AND u.email NOT LIKE '%.test' ORDER BY u.id LIMIT 1"
    ))
browser = Browser(int(sys.argv[1]), Stats())
assert browser.login(email) == 302, "demo log-in failed"
print("; ".join(f"{k}={v}" for k, v in browser.cookies.items()))
EOF
)
echo "logged in; scanning $BASE for at most ${SECONDS_EACH}s per tool"

# Never follow the log-out forms: the scan would end its own session.
echo "== sqlmap"
timeout "$((SECONDS_EACH + 30))" "$TOOLS/bin/sqlmap" -u "$BASE/" --cookie="$COOKIE" \
	--crawl=2 --forms --crawl-exclude='logout' --csrf-token=csrf_token --batch \
	--level=2 --risk=1 --time-sec=2 --output-dir="$OUT/sqlmap" \
	--answers="follow=N,other=N" >"$OUT/sqlmap.log" 2>&1 || true
grep -E "vulnerable|not injectable|does not seem|no usable|forms found|all tested|CRITICAL|WARNING.*(injectable|parameter)" \
	"$OUT/sqlmap.log" | sort | uniq -c | sort -rn | head -25

echo "== wapiti"
rm -rf "$OUT/wapiti-session"
timeout "$((SECONDS_EACH + 60))" "$TOOLS/bin/wapiti" -u "$BASE/" --scope folder \
	-C "$COOKIE" -x "$BASE/logout" -x "$BASE/account/logout-everywhere" -t 30 \
	-m "common,csp,http_headers,cookieflags,csrf,redirect,crlf,-ssrf" \
	--max-scan-time "$SECONDS_EACH" --flush-session --store-session "$OUT/wapiti-session" \
	-f txt -o "$OUT/wapiti.txt" >"$OUT/wapiti.log" 2>&1 || true
if [ -f "$OUT/wapiti.txt" ]; then
	sed -n '/Summary of vulnerabilities/,/^\*\*\*/p' "$OUT/wapiti.txt" | head -60
else
	tail -20 "$OUT/wapiti.log"
fi
echo "full reports: $OUT/sqlmap.log $OUT/wapiti.txt"
