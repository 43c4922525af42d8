"""Messages between mentor and mentee on a request or pairing, and their emails."""

from mentormatch.messages.services.reports import (
    DECISIONS,
    context_of,
    record_decision,
    review_queue,
)
from mentormatch.messages.services.text import linkify
from mentormatch.messages.views import thread_context

__all__ = [
    "DECISIONS",
    "context_of",
    "linkify",
    "record_decision",
    "review_queue",
    "thread_context",
]
