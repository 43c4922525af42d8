"""Checks for redirect targets taken from the request."""

from __future__ import annotations

from urllib.parse import unquote, urlsplit


def is_safe_next(target: str | None) -> bool:
    """Tell whether `target` is a path on this site (no scheme, host or tricks)."""
    if not target or len(target) > 2000:
        return False
    decoded = target
    for _ in range(3):  # catch double and triple encoding like %252F%252F
        decoded = unquote(decoded)
    for candidate in (target, decoded):
        if any(ch in candidate for ch in "\\\r\n\t\x00") or any(
            ord(ch) < 32 for ch in candidate
        ):
            return False
        if not candidate.startswith("/") or candidate.startswith("//"):
            return False
        parts = urlsplit(candidate)
        if parts.scheme or parts.netloc:
            return False
    return True
