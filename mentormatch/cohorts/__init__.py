"""Cohort matching pages at /admin/cohort and the adapter to the cohort solver."""
