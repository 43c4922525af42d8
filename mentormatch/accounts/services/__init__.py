"""Account services: credentials, reset links, own data."""
