"""Cohort services: runs, proposals, hints."""
