"""Security headers, cookies, sessions, `next` checks, login timing and throttling."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import pytest

from mentormatch import create_app
from mentormatch.accounts.safety import is_safe_next
from mentormatch.accounts.services import credentials as accounts
from mentormatch.extensions import db
from mentormatch.web.security import CSP
from tests.factories import TEST_PASSWORD, make_user

EXPECTED_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def production_app(**overrides):
    """Build an app as production runs it (no TESTING), on in-memory SQLite."""
    config = {
        "ENV_NAME": "production",
        "SECRET_KEY": "prod-test-secret",
        "SQLALCHEMY_DATABASE_URI": "sqlite://",
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        **overrides,
    }
    return create_app(config)


def set_cookie_headers(response, name):
    return [
        h for h in response.headers.getlist("Set-Cookie") if h.startswith(name + "=")
    ]


# --- headers ---------------------------------------------------------------


@pytest.mark.parametrize("path", ["/", "/login", "/healthz", "/no-such-page"])
def test_security_headers_on_every_response(client, path):
    response = client.get(path)
    for name, value in EXPECTED_HEADERS.items():
        assert response.headers[name] == value
    assert "camera=()" in response.headers["Permissions-Policy"]
    assert "Strict-Transport-Security" not in response.headers


def test_csp_forbids_inline_script_and_style(client):
    policy = client.get("/").headers["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def test_security_headers_on_static_files(client):
    response = client.get("/static/css/app.css")
    assert response.status_code == 200
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    response.close()


def test_hsts_only_in_production():
    app = production_app()
    hsts = app.test_client().get("/login").headers["Strict-Transport-Security"]
    assert hsts.startswith("max-age=31536000")
    plain_http = production_app(SECURE_COOKIES=False).test_client().get("/login")
    assert "Strict-Transport-Security" not in plain_http.headers


def test_member_pages_not_cached(client, session, login):
    make_user(session, email="me@example.org")
    assert "no-store" not in client.get("/login").headers.get("Cache-Control", "")
    login("me@example.org")
    assert "no-store" in client.get("/account").headers["Cache-Control"]


# --- cookies and sessions --------------------------------------------------


def test_production_cookies_secure_httponly_lax(monkeypatch):
    monkeypatch.setenv("MENTORMATCH_ENV_NAME", "production")
    monkeypatch.setenv("SECRET_KEY", "from-the-environment")
    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": "sqlite://", "WTF_CSRF_ENABLED": False}
    )
    assert app.config["SECRET_KEY"] == "from-the-environment"
    with app.app_context():
        db.create_all()
        make_user(db.session, email="me@example.org")
        client = app.test_client()
        response = client.post(
            "/login",
            data={
                "email": "me@example.org",
                "password": TEST_PASSWORD,
                "remember": "y",
            },
            base_url="https://localhost",
        )
        db.session.remove()
        db.drop_all()
    assert response.status_code == 302
    for name in ("session", "remember_token"):
        (cookie,) = set_cookie_headers(response, name)
        flags = [part.strip().lower() for part in cookie.split(";")]
        assert {"secure", "httponly", "samesite=lax"} <= set(flags), cookie


def test_remember_cookie_lasts_fourteen_days(client, session):
    make_user(session, email="me@example.org")
    response = client.post(
        "/login",
        data={"email": "me@example.org", "password": TEST_PASSWORD, "remember": "y"},
    )
    (cookie,) = set_cookie_headers(response, "remember_token")
    expires = next(p for p in cookie.split(";") if p.strip().startswith("Expires="))
    when = datetime.strptime(expires.split("=", 1)[1], "%a, %d %b %Y %H:%M:%S GMT")
    left = when.replace(tzinfo=UTC) - datetime.now(UTC)
    assert timedelta(days=13) < left <= timedelta(days=14)


@pytest.mark.parametrize("remember", [False, True])
def test_deactivation_ends_sessions(app, session, remember):
    user = make_user(session, email="me@example.org")
    client = app.test_client()
    data = {"email": "me@example.org", "password": TEST_PASSWORD}
    client.post("/login", data={**data, "remember": "y"} if remember else data)
    if remember:  # only the remember-me cookie is left, as after a browser restart
        client.delete_cookie("session")
    assert client.get("/account").status_code == 200
    user.is_active = False
    session.commit()
    response = client.get("/account")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


# --- login timing: same work for known and unknown emails ------------------


@pytest.mark.parametrize(
    ("email", "password", "found"),
    [
        ("me@example.org", TEST_PASSWORD, True),
        ("me@example.org", "wrong-password-1", False),
        ("nobody@example.org", TEST_PASSWORD, False),
        ("gone@example.org", TEST_PASSWORD, False),
    ],
)
def test_authenticate_checks_one_hash_whatever_the_email(
    session, monkeypatch, email, password, found
):
    make_user(session, email="me@example.org")
    make_user(session, email="gone@example.org", is_active=False)
    checked = []
    real = accounts.check_password_hash

    def counting(pwhash, given):
        checked.append(pwhash)
        return real(pwhash, given)

    monkeypatch.setattr(accounts, "check_password_hash", counting)
    user = accounts.authenticate(session, email=email, password=password)
    assert (user is not None) is found
    assert len(checked) == 1
    assert checked[0].split("$")[0] == accounts._dummy_hash().split("$")[0]


# --- `next` ------------------------------------------------------------------

OFF_SITE = [
    "//evil.example",
    "///evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "\\/evil.example",
    "https://evil.example",
    "HTTPS://evil.example/",
    "http:/evil.example",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "data:text/html,hi",
    "evil.example",
    "%2F%2Fevil.example",
    "/%2F%2Fevil.example",
    "/%2f%2fevil.example",
    "/%5Cevil.example",
    "%5C%5Cevil.example",
    "/%252F%252Fevil.example",
    "/%25252F%25252Fevil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r\n/evil.example",
    "/%09/evil.example",
    "/%0d%0a/evil.example",
    " //evil.example",
    "\uff0f\uff0fevil.example",
    "\u3000//evil.example",
    "/\x00/evil.example",
    "",
    None,
    "/" + "a" * 2001,
]


@pytest.mark.parametrize("target", OFF_SITE)
def test_is_safe_next_refuses_off_site_targets(target):
    assert is_safe_next(target) is False


@pytest.mark.parametrize(
    "target", ["/profile", "/profile?tab=1", "/people/3#about", "/search?q=a%20b"]
)
def test_is_safe_next_accepts_site_paths(target):
    assert is_safe_next(target) is True


@pytest.mark.parametrize(
    "target",
    ["/\uff0fevil.example", "/\u2215evil.example", "/\u200b/evil.example", "/\u2028/x"],
)
def test_login_next_unicode_lookalikes_stay_on_site(client, session, target):
    make_user(session, email="me@example.org")
    response = client.post(
        "/login",
        data={"email": "me@example.org", "password": TEST_PASSWORD, "next": target},
    )
    location = response.headers["Location"]
    assert location.startswith("/") and not location.startswith(("//", "/\\"))
    assert urlsplit(location).netloc == ""
    assert location.isascii()


# --- throttling --------------------------------------------------------------

THROTTLE = {
    "RATELIMIT_ENABLED": True,
    "LOGIN_LIMIT": "3 per minute",
    "LOGIN_ADDRESS_LIMIT": "5 per minute",
    "SIGNUP_LIMIT": "2 per hour",
}


@pytest.fixture
def app_config(request):
    """Throttle for tests that ask for `limited` (memory) or `redis_prefix` (Redis)."""
    if "redis_prefix" in request.fixturenames:
        uri, prefix = request.getfixturevalue("redis_prefix")
        return {**THROTTLE, "RATELIMIT_STORAGE_URI": uri, "RATELIMIT_NAMESPACE": prefix}
    return THROTTLE if "limited" in request.fixturenames else {}


@pytest.fixture
def limited(client):
    """The test client of an app whose limiter is on (see `app_config`)."""
    return client


@pytest.fixture(autouse=True)
def keep_request_logger(monkeypatch):
    """Production apps built here configure the request logger; undo that after."""
    from mentormatch.web.logging_setup import log

    for attribute in ("handlers", "propagate", "level"):
        value = getattr(log, attribute)
        monkeypatch.setattr(
            log, attribute, list(value) if attribute == "handlers" else value
        )


def attempt(client, email, password="wrong-password-1", addr="10.0.0.1"):
    return client.post(
        "/login",
        data={"email": email, "password": password},
        environ_base={"REMOTE_ADDR": addr},
    )


def test_login_throttled_per_account_any_case(limited, session):
    make_user(session, email="me@example.org")
    for n, email in enumerate(["me@example.org", " ME@example.org", "Me@Example.Org"]):
        assert attempt(limited, email, addr=f"10.0.0.{n}").status_code == 400
    response = attempt(limited, "me@example.org", TEST_PASSWORD, addr="10.0.0.9")
    assert response.status_code == 429
    assert b"Too many attempts" in response.data
    assert b"3 per 1 minute" not in response.data
    assert int(response.headers["Retry-After"]) > 0
    other = attempt(limited, "other@example.org", addr="10.0.0.9")
    assert other.status_code == 400


def test_login_throttled_per_address(limited, session):
    for n in range(5):
        assert attempt(limited, f"u{n}@example.org").status_code == 400
    assert attempt(limited, "u9@example.org").status_code == 429
    assert attempt(limited, "u9@example.org", addr="10.0.0.2").status_code == 400


def test_successful_logins_not_counted(limited, session):
    make_user(session, email="me@example.org")
    for _ in range(5):
        response = attempt(limited, "me@example.org", TEST_PASSWORD)
        assert response.status_code == 302
        limited.post("/logout")


def test_signup_throttled_per_address(limited, session):
    for n in range(2):
        data = {"email": f"n{n}@example.org", "password": "s3cret-pass!"}
        limited.post("/signup", data={**data, "confirm": data["password"]})
        limited.post("/logout")
    response = limited.post("/signup", data={"email": "n9@example.org"})
    assert response.status_code == 429


def test_throttle_off_when_disabled(client, session):
    for _ in range(15):
        assert attempt(client, "me@example.org").status_code == 400


@pytest.fixture
def redis_prefix():
    """A Redis URI and a fresh key prefix, cleaned afterwards; skip if Redis is down."""
    redis = pytest.importorskip("redis")
    uri = "redis://127.0.0.1:6379/15"
    store = redis.Redis.from_url(uri, socket_connect_timeout=0.5)
    try:
        store.ping()
    except redis.RedisError:
        pytest.skip("Redis does not answer on 127.0.0.1:6379")
    prefix = "mm-test-" + uuid.uuid4().hex
    yield uri, prefix
    for key in store.scan_iter(f"*{prefix}*"):
        store.delete(key)
    store.close()


def test_login_throttle_shared_through_redis(app, session, redis_prefix):
    import redis

    uri, prefix = redis_prefix
    first, second = app.test_client(), app.test_client()
    for client in (first, second, first):
        assert attempt(client, "me@example.org").status_code == 400
    assert attempt(second, "me@example.org").status_code == 429
    store = redis.Redis.from_url(uri)
    assert list(store.scan_iter(f"*{prefix}*"))
    store.close()
