"""The demo population and its seed-demo command."""
