#!/usr/bin/env bash
# Security audit: a demo instance on loopback, then sqlmap and wapiti, logged in and bounded.
# The scanners live in their own venv (bench/out/audit-venv): wapiti3 pins SQLAlchemy 2.0.28,
# MarkupSafe 2.1.5 and more, which would break the app's venv. Everything targets 127.0.0.1.
# Budget (defaults): the 6 sqlmap targets and wapiti run side by side, sqlmap for at most
# AUDIT_SQLMAP_SECONDS each, wapiti about AUDIT_WAPITI_SECONDS: at most ~17 minutes in all.
set -euo pipefail
cd "$(dirname "$0")/.."

OUT=bench/out/audit
TOOLS=bench/out/audit-venv
PORT=${AUDIT_PORT:-5055}
BASE="http://127.0.0.1:$PORT"
SQLMAP_SECONDS=${AUDIT_SQLMAP_SECONDS:-780}
WAPITI_SECONDS=${AUDIT_WAPITI_SECONDS:-660}
mkdir -p "$OUT"

if [ ! -x "$TOOLS/bin/wapiti" ] || [ ! -x "$TOOLS/bin/sqlmap" ]; then
	python3 -m venv "$TOOLS"
	"$TOOLS/bin/pip" install --quiet sqlmap wapiti3
fi

rm -rf "$OUT/audit.db" "$OUT/sqlmap" "$OUT"/sqlmap-*.log "$OUT"/wapiti*
export DATABASE_URL="sqlite:///$PWD/$OUT/audit.db"
SECRET_KEY=$(python3 -c 'import secrets; print(secrets.token_hex(32))')
export SECRET_KEY MENTORMATCH_ENV_NAME=production MENTORMATCH_SECURE_COOKIES=false
# The scanners send hundreds of log-in attempts; throttling would hide what they test.
export MENTORMATCH_RATELIMIT_ENABLED=false
MENTORMATCH_ENV_NAME=development .venv/bin/flask --app mentormatch init-db >/dev/null
MENTORMATCH_ENV_NAME=development .venv/bin/flask --app mentormatch seed-demo \
	--mentors 40 --mentees 40 >/dev/null

# Threaded workers keep connections alive: wapiti's pooled connections then never see resets.
.venv/bin/gunicorn --workers 3 --threads 4 --timeout 60 --keep-alive 120 --bind "127.0.0.1:$PORT" \
	'mentormatch:create_app()' >"$OUT/server.log" 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true' EXIT
for _ in $(seq 60); do
	curl -fsS "$BASE/healthz" >/dev/null 2>&1 && break
	kill -0 "$SERVER" 2>/dev/null || { tail -20 "$OUT/server.log"; exit 1; }
	sleep 1
done

# Through the real form: the demo mentee sends a request to a mentor (whose page then
# shows the decline form); print who to log in as and the ids the targets need.
eval "$(.venv/bin/python - "$PORT" <<'EOF'
import os
import sys
from shlex import quote

from sqlalchemy import create_engine, text

from bench.load import Browser, Stats

engine = create_engine(os.environ["DATABASE_URL"])
with engine.connect() as conn:
    mentors = conn.scalars(text(
        "SELECT user_id FROM profile WHERE offers_mentoring AND mentor_capacity > 0 "
        "ORDER BY user_id LIMIT 2"
    )).all()
    mentor_email = conn.scalar(
        text("SELECT email FROM user_account WHERE id = :i"), {"i": mentors[0]}
    )
mentee = Browser(int(sys.argv[1]), Stats())
assert mentee.login("demo.mentee@example.org") == 302, "demo log-in failed"
mentee.call("GET", f"/matches/request/{mentors[0]}", "form")
form = {"message": "Hello, I would value your guidance.", "csrf_token": mentee.csrf}
status = mentee.call("POST", f"/matches/request/{mentors[0]}", "request", form)
assert status == 302, f"demo request failed: {status}"
with engine.connect() as conn:
    request_id = conn.scalar(text("SELECT max(id) FROM match_request"))
    chapter = conn.scalar(text(
        "SELECT chapter FROM profile WHERE chapter <> '' GROUP BY chapter "
        "ORDER BY count(*) DESC LIMIT 1"
    ))
print(f"MENTOR_EMAIL={mentor_email} OTHER_MENTOR={mentors[1]} REQUEST_ID={request_id}")
print(f"CHAPTER={quote(chapter)}")  # a valid filter value: a 400 baseline misleads sqlmap
EOF
)"

# A fresh session per scan: a scan that ends its session spoils no other.
cookie_for() {
	.venv/bin/python - "$PORT" "$1" <<'EOF'
import sys

from bench.load import Browser, Stats

browser = Browser(int(sys.argv[1]), Stats())
assert browser.login(sys.argv[2]) == 302, f"demo log-in failed for {sys.argv[2]}"
print("; ".join(f"{k}={v}" for k, v in browser.cookies.items()))
EOF
}
MENTEE=demo.mentee@example.org
ADMIN=demo.admin@example.org
echo "sqlmap ${SQLMAP_SECONDS}s per target, wapiti ${WAPITI_SECONDS}s, on $BASE"

# sqlmap, one target at a time: name, member to log in as (or -), URL, then options.
# Forms are given explicitly (--data, -p): with --forms sqlmap also submits the log-out
# form in the page's menu and ends its own session.
sqlmap_target() {
	local name=$1 who=$2 url=$3 cookie="" rc=0
	shift 3
	[ "$who" = - ] || cookie=$(cookie_for "$who")
	timeout "$SQLMAP_SECONDS" "$TOOLS/bin/sqlmap" -u "$url" --cookie="$cookie" \
		--batch --level=3 --risk=2 --skip-waf --time-sec=2 --timeout=15 --retries=1 \
		--disable-coloring --flush-session --output-dir="$OUT/sqlmap" \
		--answers="follow=N,other=N,merge=Y" "$@" >"$OUT/sqlmap-$name.log" 2>&1 || rc=$?
	echo "exit=$rc" >>"$OUT/sqlmap-$name.log"
}

form_target() { # name, member, URL, form page (token source), data, parameters
	sqlmap_target "$1" "$2" "$BASE$3" --csrf-token=csrf_token --csrf-url="$BASE$4" \
		--data="$5&csrf_token=x" -p "$6"
}

urlencode() { python3 -c 'import sys, urllib.parse as u; print(u.quote(sys.argv[1]))' "$1"; }

run_sqlmap() { # every target at once: the budget is wall time, the server has threads
	local pids=()
	form_target login - /login /login "email=ada%40example.org&password=secret&next=" \
		email,password &
	pids+=($!)
	form_target profile "$MENTEE" /profile/edit /profile/edit \
		"display_name=Ada&headline=PM&bio=Hi&goals=PgMP&years_experience=5&industry=&chapter=Berlin&timezone=Europe%2FBerlin&languages=English&hours_per_month=2&formats=video&roles=mentee&mentor_capacity=0" \
		display_name,headline,bio,goals,years_experience,industry,chapter,timezone,languages &
	pids+=($!)
	sqlmap_target matches "$MENTEE" "$BASE/matches?chapter=$(urlencode "$CHAPTER")&certification=PMP" \
		-p chapter,certification &
	pids+=($!)
	form_target request "$MENTEE" "/matches/request/$OTHER_MENTOR" \
		"/matches/request/$OTHER_MENTOR" "message=Hello" message &
	pids+=($!)
	form_target decline "$MENTOR_EMAIL" "/requests/$REQUEST_ID/decline" \
		"/requests/$REQUEST_ID" "reason=no_capacity&note=Sorry" reason,note &
	pids+=($!)
	sqlmap_target queue "$ADMIN" "$BASE/admin/queue?chapter=$(urlencode "$CHAPTER")&min_age=1" -p chapter,min_age &
	pids+=($!)
	wait "${pids[@]}" # not a bare wait: the server is a child too
}

# wapiti as the mentee, bounded (a killed wapiti writes no report: each of its ~12 modules
# gets a tenth of the budget, the hard stop comes at twice the budget); every endpoint it might call out to is the demo itself.
# Never follow the log-out forms: the scan would end its own session.
run_wapiti() {
	timeout "$((WAPITI_SECONDS * 2))" "$TOOLS/bin/wapiti" -u "$BASE/" --scope folder \
		-C "$(cookie_for "$MENTEE")" -x "$BASE/logout" -x "$BASE/account/logout-everywhere" \
		-x "$BASE/me/delete" -s "$BASE/matches" -s "$BASE/profile/edit" \
		-s "$BASE/matches/request/$OTHER_MENTOR" -s "$BASE/matches/requests" \
		-m "common,csp,http_headers,cookieflags,csrf,-ssrf" --dns-endpoint localhost \
		--endpoint "$BASE/" --external-endpoint "$BASE/" --internal-endpoint "$BASE/" \
		--no-bugreport -t 20 --tasks 4 --depth 4 --max-links-per-page 30 \
		--max-scan-time "$WAPITI_SECONDS" --max-attack-time "$((WAPITI_SECONDS / 10))" --flush-session \
		--store-session "$OUT/wapiti-session" -f json -o "$OUT/wapiti.json" \
		>"$OUT/wapiti.log" 2>&1 || true
}

run_wapiti &
WAPITI=$!
run_sqlmap
wait "$WAPITI" || true

echo
echo "== sqlmap (level 3, risk 2, per target)"
for log in "$OUT"/sqlmap-*.log; do
	name=$(basename "$log" .log)
	# "appears to be" is a candidate; sqlmap confirms with "identified the following".
	found=$(grep -A3 "identified the following injection point" "$log" |
		grep -E "Parameter:" | sort -u | tr '\n' ' ' || true)
	clean=$(grep -oE "parameter '[^']+' does not seem to be injectable" "$log" |
		cut -d"'" -f2 | sort -u | tr '\n' ' ' || true)
	candidates=$(grep -cE "appears to be .*injectable" "$log" || true)
	tested=$(grep -cE "\] \[INFO\] testing '" "$log" || true)
	if grep -q "all tested parameters do not appear to be injectable" "$log"; then
		verdict="none (all tested parameters not injectable)"
	elif [ -n "$found" ]; then
		verdict="INJECTABLE: $found"
	elif grep -q "exit=124" "$log"; then
		verdict="none found before the ${SQLMAP_SECONDS}s budget ran out"
	else
		verdict="none; $(grep -E "CRITICAL|ERROR|no usable" "$log" | tail -1 || true)"
	fi
	params=$(grep -oE "on (GET|POST) parameter '[^']+'" "$log" |
		sed -E "s/.*'([^']+)'/\1/" | sort -u | tr '\n' ' ' || true)
	echo "$name: $verdict; $tested tests; parameters tested: ${params:-none};" \
		"finished as not injectable: ${clean:-none}; unconfirmed candidates: $candidates"
done

echo
echo "== wapiti (vulnerabilities and anomalies by category)"
if [ -f "$OUT/wapiti.json" ]; then
	python3 - "$OUT/wapiti.json" <<'EOF'
import json
import sys

report = json.load(open(sys.argv[1]))
for section in ("vulnerabilities", "anomalies"):
    found = {k: v for k, v in report.get(section, {}).items() if v}
    print(f"{section}: {sum(map(len, found.values()))}")
    for category, items in sorted(found.items()):
        print(f"  {category}: {len(items)}")
        for item in items[:8]:
            print(f"    {item.get('method')} {item.get('path')} {item.get('info', '')[:110]}")
print(f"crawled: {report.get('infos', {}).get('crawled_pages_nbr', '?')} pages")
EOF
else
	tail -20 "$OUT/wapiti.log"
fi
echo "server 5xx: $(grep -c '"status":5' "$OUT/server.log" || true)"
echo "full reports: $OUT/sqlmap-*.log $OUT/wapiti.json $OUT/wapiti.log $OUT/server.log"
