"""One structured log line per request: fields, formats, and nothing secret."""

from __future__ import annotations

import json
import logging

import pytest

from mentormatch.web.logging_setup import format_record
from tests.factories import TEST_PASSWORD, make_user

REQUEST_LOGGER = "mentormatch.request"


@pytest.fixture
def request_lines(caplog):
    """Return a function giving the request log lines captured so far."""
    logger = logging.getLogger(REQUEST_LOGGER)
    logger.addHandler(caplog.handler)  # also when a production app stopped propagation
    caplog.set_level(logging.INFO, logger=REQUEST_LOGGER)
    yield lambda: [r for r in caplog.records if r.name == REQUEST_LOGGER]
    logger.removeHandler(caplog.handler)


def unique(records):
    seen: dict[int, logging.LogRecord] = {}
    for record in records:
        seen.setdefault(id(record), record)
    return list(seen.values())


def test_one_json_line_per_request(client, request_lines):
    response = client.get("/login?next=/secret-query")
    (record,) = unique(request_lines())
    line = json.loads(record.getMessage())
    assert set(line) == {
        "method",
        "path",
        "status",
        "duration_ms",
        "user_id",
        "request_id",
    }
    assert line["method"] == "GET"
    assert line["path"] == "/login"
    assert line["status"] == 200
    assert line["duration_ms"] >= 0
    assert line["user_id"] is None
    assert line["request_id"] == response.headers["X-Request-ID"]


def test_log_has_user_id_and_no_secrets(client, session, request_lines):
    user = make_user(session, email="me@example.org")
    client.post("/login", data={"email": "me@example.org", "password": TEST_PASSWORD})
    client.get("/account")
    lines = [json.loads(r.getMessage()) for r in unique(request_lines())]
    assert [(x["method"], x["path"], x["status"]) for x in lines] == [
        ("POST", "/login", 302),
        ("GET", "/account", 200),
    ]
    assert lines[1]["user_id"] == user.user_id
    text = " ".join(r.getMessage() for r in request_lines())
    assert TEST_PASSWORD not in text
    assert "me@example.org" not in text
    assert user.session_token not in text


def test_error_responses_logged(client, request_lines):
    client.get("/no-such-page")
    (record,) = unique(request_lines())
    assert json.loads(record.getMessage())["status"] == 404


@pytest.mark.parametrize(
    ("given", "kept"),
    [("abc-123.DEF_4", True), ("x" * 65, False), ("bad id {}", False), ("", False)],
)
def test_request_id_from_caller_only_when_plain(client, request_lines, given, kept):
    response = client.get("/login", headers={"X-Request-ID": given} if given else {})
    (record,) = unique(request_lines())
    logged = json.loads(record.getMessage())["request_id"]
    assert (logged == given) is kept
    assert response.headers["X-Request-ID"] == logged


@pytest.mark.parametrize("app_config", [{"LOG_FORMAT": "text"}])
def test_text_format(client, request_lines):
    client.get("/login")
    (record,) = unique(request_lines())
    message = record.getMessage()
    assert message.startswith('method="GET" path="/login" status=200 duration_ms=')
    assert "user_id=None request_id=" in message


def test_text_format_keeps_one_line():
    record = {"method": "GET", "path": "/a b\nfake=1", "status": 404}
    line = format_record(record, "text")
    assert "\n" not in line
    assert line == 'method="GET" path="/a b\\nfake=1" status=404'
