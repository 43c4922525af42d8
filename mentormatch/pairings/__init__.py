"""Pairings: the pairing page, agreement, check-ins, goals, links, closing."""
