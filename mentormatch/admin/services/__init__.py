"""Admin services: members, CSV import/export, figures, charts."""
