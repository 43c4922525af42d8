"""Profile services: saving, reading, what is missing for matching."""
