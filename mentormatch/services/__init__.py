"""Services: the decisions and the commits; no Flask imports."""
