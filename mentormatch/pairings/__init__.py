"""Pairings: the pairing page, agreement, check-ins, goals, links, closing."""

from mentormatch.pairings.services.followups import (
    Terms,
    accept_agreement,
    log_checkin,
    propose_agreement,
)

__all__ = ["Terms", "accept_agreement", "log_checkin", "propose_agreement"]
