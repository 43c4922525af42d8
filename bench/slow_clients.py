"""Slow clients against what `make serve` starts: /healthz must answer within 1 s.

Starts deploy/serve.sh (nginx in front of gunicorn, on a temporary SQLite database)
on loopback, opens slow connections that send their headers or their body at one
byte a second (reconnecting when dropped, as an attacker would), and meanwhile
times /healthz. Prints p50/p95/max latency; exits 1 if any probe took over the
limit or failed. Bounded: --seconds of attack, --clients connections, loopback only.

    .venv/bin/python bench/slow_clients.py            # the CI check, ~35 s
                                                      # (skips when nginx is missing)
    .venv/bin/python bench/slow_clients.py --direct   # gunicorn alone: the "before"
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import os
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"  # loopback only, never anything else


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=5170, help="public port")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=15.0, help="attack length")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--limit", type=float, default=1.0, help="max /healthz s")
    parser.add_argument(
        "--direct", action="store_true", help="no nginx: attack gunicorn itself"
    )
    args = parser.parse_args(argv)
    args.clients = max(1, min(args.clients, 500))
    args.seconds = max(1.0, min(args.seconds, 120.0))
    return args


def start_stack(args: argparse.Namespace, tmp: Path) -> subprocess.Popen[bytes]:
    """Run deploy/serve.sh (what `make serve` runs) in its own process group."""
    env = os.environ | {
        "HOST": HOST,
        "PORT": str(args.port),
        "APP_PORT": str(args.port + 1),
        "WORKERS": str(args.workers),
        "BIN": str(Path(sys.executable).parent),
        "RUN_DIR": str(tmp / "serve"),
        "SERVE_PROXY": "0" if args.direct else "1",
        "SECRET_KEY": secrets.token_hex(16),
        "DATABASE_URL": f"sqlite:///{tmp / 'bench.db'}",
        "MENTORMATCH_RATELIMIT_PER_WORKER_OK": "true",
        "MENTORMATCH_LOG_FORMAT": "text",
    }
    log = (tmp / "serve.log").open("wb")
    return subprocess.Popen(
        ["bash", str(ROOT / "deploy" / "serve.sh")],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def stop_stack(proc: subprocess.Popen[bytes]) -> None:
    """Stop the server's whole process group (only what this script started)."""
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=15)
    except ProcessLookupError:
        return
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def probe(port: int, timeout: float = 5.0) -> float:
    """One GET /healthz on a new connection; its latency, or inf on failure."""
    started = time.perf_counter()
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request("GET", "/healthz")
        response = conn.getresponse()
        response.read()
        ok = response.status == 200
    except OSError:
        ok = False
    finally:
        conn.close()
    return time.perf_counter() - started if ok else float("inf")


def wait_until_up(port: int, proc: subprocess.Popen[bytes], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit("the server stopped while starting (see its log)")
        if probe(port, timeout=1.0) != float("inf"):
            return
        time.sleep(0.2)
    raise SystemExit("the server did not answer /healthz in time")


def slow_request(n: int, port: int) -> bytes:
    """Half the clients drip their headers, half a POST body, byte by byte."""
    head = f"POST /login HTTP/1.1\r\nHost: {HOST}:{port}\r\n"
    if n % 2:
        return head.encode() + b"X-Slow: " + b"a" * 4000
    body_head = head + "Content-Type: application/x-www-form-urlencoded\r\n"
    body_head += "Content-Length: 100000\r\n\r\n"
    return body_head.encode() + b"email=" + b"a" * 99994


async def slow_client(n: int, port: int, until: float, stats: dict[str, int]) -> None:
    """Keep one connection dripping a byte a second until `until`; reconnect."""
    payload = slow_request(n, port)
    while time.monotonic() < until:
        try:
            reader, writer = await asyncio.open_connection(HOST, port)
        except OSError:
            await asyncio.sleep(0.5)
            continue
        stats["connections"] += 1
        stats["open"] += 1
        stats["peak"] = max(stats["peak"], stats["open"])
        try:
            # The first bytes at once, like a real request line, then a drip.
            writer.write(payload[:40])
            await writer.drain()
            for i in range(40, len(payload)):
                if time.monotonic() >= until or reader.at_eof():
                    break
                await asyncio.sleep(1.0)
                writer.write(payload[i : i + 1])
                await writer.drain()
        except OSError:
            stats["dropped"] += 1
        finally:
            stats["open"] -= 1
            writer.close()


async def attack(args: argparse.Namespace) -> tuple[list[float], dict[str, int]]:
    stats = {"connections": 0, "open": 0, "peak": 0, "dropped": 0}
    until = time.monotonic() + args.seconds
    clients = [
        asyncio.create_task(slow_client(n, args.port, until, stats))
        for n in range(args.clients)
    ]
    await asyncio.sleep(1.0)  # let every slow connection get in first
    latencies: list[float] = []
    while time.monotonic() < until - 0.5:
        latencies.append(await asyncio.to_thread(probe, args.port))
        await asyncio.sleep(0.25)
    await asyncio.gather(*clients, return_exceptions=True)
    return latencies, stats


def report(latencies: list[float], stats: dict[str, int], limit: float) -> bool:
    answered = sorted(x for x in latencies if x != float("inf"))
    failed = len(latencies) - len(answered)
    worst = max(latencies) if latencies else float("inf")
    if answered:
        p50 = statistics.median(answered)
        p95 = answered[min(len(answered) - 1, int(0.95 * len(answered)))]
        print(f"/healthz p50 {p50 * 1000:.1f} ms  p95 {p95 * 1000:.1f} ms", end="")
    print(f"  max {worst * 1000:.1f} ms  probes {len(latencies)}  failed {failed}")
    print(
        f"slow connections: peak open {stats['peak']}, opened {stats['connections']},"
        f" dropped by the server {stats['dropped']}"
    )
    return bool(latencies) and worst <= limit


def nginx_path() -> str | None:
    """The nginx that deploy/serve.sh would start (the same lookup), or None."""
    found = os.environ.get("NGINX") or shutil.which("nginx")
    if not found and os.access("/usr/sbin/nginx", os.X_OK):
        found = "/usr/sbin/nginx"
    return found or None


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if not args.direct and nginx_path() is None:
        # Without nginx, make serve runs gunicorn alone, which this check would fail
        # by design; a machine without nginx has nothing to check here.
        print(
            "SKIP: nginx is not installed, so make serve runs gunicorn alone "
            "(apt-get install nginx-light, then run this again; --direct attacks "
            "gunicorn alone)"
        )
        return 0
    mode = "gunicorn alone" if args.direct else "nginx + gunicorn (make serve)"
    print(f"{args.clients} slow clients for {args.seconds:.0f} s against {mode}")
    began = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="mm-slow-") as name:
        tmp = Path(name)
        proc = start_stack(args, tmp)
        try:
            wait_until_up(args.port, proc, 90.0)
            up = time.monotonic() - began
            print(
                f"up after {up:.1f} s; idle /healthz {probe(args.port) * 1000:.1f} ms"
            )
            latencies, stats = asyncio.run(attack(args))
        finally:
            stop_stack(proc)
        print(f"stopped; {time.monotonic() - began:.1f} s in all")
        ok = report(latencies, stats, args.limit)
    print("OK" if ok else f"FAIL: /healthz over {args.limit:.1f} s or failed")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
