"""The shared core: models, the request workflow, notifications, mail, audit, errors."""
