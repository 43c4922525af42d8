"""Messages between mentor and mentee on a request or pairing, and their emails."""

from mentormatch.messages.services.text import linkify
from mentormatch.messages.views import thread_context

__all__ = ["linkify", "thread_context"]
