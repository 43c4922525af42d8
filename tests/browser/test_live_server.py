"""The browser tests' live server: every response body is closed."""

from __future__ import annotations

from tests.browser.conftest import closing_body


class Body:
    def __init__(self, closed: list[str]) -> None:
        self.closed = closed

    def __iter__(self):
        yield b"a"
        yield b"b"

    def close(self) -> None:
        self.closed.append("closed")


def test_closing_body_closes_a_body_once_sent_and_one_dropped_midway() -> None:
    closed: list[str] = []
    started: list[str] = []

    def app(environ, start_response):
        start_response("200 OK", [])
        return Body(closed)

    sent = closing_body(app)({}, lambda status, headers: started.append(status))
    assert next(sent) == b"a" and started == ["200 OK"] and not closed
    assert list(sent) == [b"b"]
    assert closed == ["closed"]  # before the server's own close() is reached

    closed.clear()
    dropped = closing_body(app)({}, lambda status, headers: None)
    next(dropped)
    del dropped  # a connection reset: the server never finishes the body
    assert closed == ["closed"]
