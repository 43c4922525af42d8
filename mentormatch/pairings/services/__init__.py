"""Pairing services: follow-ups, items, overview, schedule, calendar."""
