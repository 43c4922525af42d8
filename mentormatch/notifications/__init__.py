"""The in-app notifications page (the service lives in core)."""
