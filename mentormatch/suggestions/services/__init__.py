"""Suggestion services: recommendations, preferences, learning weights."""
