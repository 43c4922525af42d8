"""Benchmarks and quality evaluation for the matching engine."""
