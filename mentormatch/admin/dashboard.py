"""The admin dashboard: program figures and server-drawn SVG charts."""

from __future__ import annotations

from flask import render_template

from mentormatch.admin.services import charts, stats
from mentormatch.core.roles import Scope
from mentormatch.extensions import db


def dashboard_page(programs: Scope = None) -> str:
    """Render the dashboard of `programs` (the `/admin` view calls this)."""
    data = stats.dashboard(db.session(), programs=programs)
    weekly = charts.column_chart(
        [(start.strftime("%d %b"), n) for start, n in data.pairings_per_week],
        title="Pairings started per week, last 12 weeks",
        width=1040,
    )
    ages = charts.column_chart(
        data.queue_ages, title="Approval queue by time waiting", width=500
    )
    gap = charts.paired_bar_chart(
        data.skills_gap,
        title="Most wanted skills: mentees wanting, mentors offering",
        width=520,
        label_width=240,
    )
    return render_template(
        "admin/dashboard.html", f=data.figures, weekly=weekly, ages=ages, gap=gap
    )
