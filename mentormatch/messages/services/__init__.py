"""Services of the messages feature (no Flask)."""
