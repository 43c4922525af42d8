"""Program admin: approval queue, members, dashboard, import/export, audit."""
