"""Run several commands together; Ctrl-C (or one of them ending) stops them all.

    python bin/supervise.py web="flask run" worker="flask worker"

Each line a command prints is prefixed with its name. No server to install: this
is what `make run` uses to start the web app and the worker (with the schedule).
"""

from __future__ import annotations

import os
import shlex
import signal
import subprocess
import sys
import threading
from typing import IO


def pump(name: str, stream: IO[bytes], width: int) -> None:
    """Copy a child's output to ours, each line prefixed with its name."""
    for raw in iter(stream.readline, b""):
        line = raw.decode(errors="replace").rstrip("\n")
        sys.stdout.write(f"{name:<{width}} | {line}\n")
        sys.stdout.flush()


def start(commands: dict[str, str]) -> dict[str, subprocess.Popen[bytes]]:
    width = max(map(len, commands))
    children = {}
    for name, command in commands.items():
        child = subprocess.Popen(
            shlex.split(command),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # our Ctrl-C reaches them through us only
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        assert child.stdout is not None
        reader = threading.Thread(target=pump, args=(name, child.stdout, width))
        reader.daemon = True
        reader.start()
        children[name] = child
    return children


def stop(children: dict[str, subprocess.Popen[bytes]], timeout: float = 10) -> None:
    """SIGTERM each child's process group, then SIGKILL what is left."""
    for child in children.values():
        if child.poll() is None:
            os.killpg(child.pid, signal.SIGTERM)
    for child in children.values():
        try:
            child.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(child.pid, signal.SIGKILL)
            child.wait()


def main(argv: list[str]) -> int:
    commands = dict(arg.split("=", 1) for arg in argv)
    if not commands:
        print(__doc__)
        return 2
    done, asked = threading.Event(), threading.Event()

    def on_signal(*_: object) -> None:
        asked.set()
        done.set()

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    children = start(commands)

    def watch(name: str, child: subprocess.Popen[bytes]) -> None:
        child.wait()
        if not done.is_set():
            print(f"{name} stopped (exit {child.returncode}); stopping the others.")
        done.set()

    for name, child in children.items():
        threading.Thread(target=watch, args=(name, child), daemon=True).start()
    done.wait()
    stop(children)
    return 0 if asked.is_set() else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
