"""Tests of the messages feature."""
