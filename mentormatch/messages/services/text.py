"""Message text made safe for a page: escaped first, then http(s) links made live."""

from __future__ import annotations

import re

from markupsafe import Markup, escape

# Runs on the escaped text, so quotes and angle brackets are already entities and a
# link can never break out of its attribute. Trailing punctuation stays outside.
_LINK = re.compile(r"\bhttps?://(?:(?!&(?:#34|#39|lt|gt);)[^\s<>\"'])+", re.IGNORECASE)
_TRAILING = ".,;:!?)]}'"


def _anchor(match: re.Match[str]) -> str:
    url = match.group(0)
    tail = ""
    while url and url[-1] in _TRAILING:
        url, tail = url[:-1], url[-1] + tail
    return f'<a href="{url}" rel="nofollow noopener" target="_blank">{url}</a>{tail}'


def linkify(body: str) -> Markup:
    """Return `body` escaped, with http:// and https:// addresses as links.

    Other schemes (javascript:, data:) stay plain text. Line breaks become <br>.
    """
    escaped = str(escape(body))
    linked = _LINK.sub(_anchor, escaped)
    return Markup(linked.replace("\n", "<br>\n"))
