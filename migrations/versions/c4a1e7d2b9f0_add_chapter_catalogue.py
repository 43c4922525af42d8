"""add chapter catalogue and map profile.chapter onto it

Revision ID: c4a1e7d2b9f0
Revises: ecbf10fe16ce
Create Date: 2026-12-01 20:45:00

Seeds chapters named on PMI's and the chapters' own public pages (PMI's four
macro regions). Free text a profile already has is mapped by a normalised name
("pmi uk chapter" becomes "PMI UK"); text no chapter matches points at "Other"
and stays word for word in profile.chapter, so nothing is lost.
"""

import re

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "c4a1e7d2b9f0"
down_revision = "ecbf10fe16ce"
branch_labels = None
depends_on = None

# A frozen copy: later edits to the app's seed list must not change this revision.
CHAPTERS = (
    ("PMI Berlin/Brandenburg", "EMEA", "Germany", "Europe/Berlin"),
    ("PMI Munich/Southern Germany", "EMEA", "Germany", "Europe/Berlin"),
    ("PMI Netherlands", "EMEA", "Netherlands", "Europe/Amsterdam"),
    ("PMI UK", "EMEA", "United Kingdom", "Europe/London"),
    ("PMI France", "EMEA", "France", "Europe/Paris"),
    ("PMI Madrid Spain", "EMEA", "Spain", "Europe/Madrid"),
    ("PMI Poland", "EMEA", "Poland", "Europe/Warsaw"),
    ("PMI Luxembourg", "EMEA", "Luxembourg", "Europe/Luxembourg"),
    ("PMI Arabian Gulf", "EMEA", "United Arab Emirates", "Asia/Dubai"),
    ("PMI Kenya", "EMEA", "Kenya", "Africa/Nairobi"),
    ("PMI South Africa", "EMEA", "South Africa", "Africa/Johannesburg"),
    ("PMI Southern Ontario", "North America", "Canada", "America/Toronto"),
    ("PMI Montréal", "North America", "Canada", "America/Toronto"),
    ("PMI Manitoba", "North America", "Canada", "America/Winnipeg"),
    ("PMI New York City", "North America", "United States", "America/New_York"),
    ("PMI Chicagoland", "North America", "United States", "America/Chicago"),
    ("PMI Houston", "North America", "United States", "America/Chicago"),
    ("PMI Clear Lake-Galveston", "North America", "United States", "America/Chicago"),
    ("PMI Silicon Valley", "North America", "United States", "America/Los_Angeles"),
    ("PMI Massachusetts Bay", "North America", "United States", "America/New_York"),
    ("PMI Western Michigan", "North America", "United States", "America/Detroit"),
    (
        "PMI Northeast Indiana",
        "North America",
        "United States",
        "America/Indiana/Indianapolis",
    ),
    (
        "PMI West Virginia/Ohio Valley",
        "North America",
        "United States",
        "America/New_York",
    ),
    ("PMI Tallahassee", "North America", "United States", "America/New_York"),
    ("PMI Mexico", "Latin America", "Mexico", "America/Mexico_City"),
    ("PMI São Paulo", "Latin America", "Brazil", "America/Sao_Paulo"),
    ("PMI Bangalore", "Asia Pacific", "India", "Asia/Kolkata"),
    ("PMI Pune-Deccan", "Asia Pacific", "India", "Asia/Kolkata"),
    ("PMI Singapore", "Asia Pacific", "Singapore", "Asia/Singapore"),
    ("PMI Japan", "Asia Pacific", "Japan", "Asia/Tokyo"),
    ("PMI Sydney", "Asia Pacific", "Australia", "Australia/Sydney"),
    ("Other", "", "", "UTC"),
)


def _key(text):
    key = re.sub(r"[^\w/]+", " ", (text or "").casefold())
    key = re.sub(r"\b(pmi|chapter|the)\b", " ", key)
    return " ".join(key.split())


def upgrade():
    chapter = op.create_table(
        "chapter",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("region", sa.String(length=40), nullable=False),
        sa.Column("country", sa.String(length=60), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chapter")),
        sa.UniqueConstraint("name", name=op.f("uq_chapter_name")),
    )
    op.bulk_insert(
        chapter,
        [
            {"name": n, "region": r, "country": c, "timezone": tz}
            for n, r, c, tz in CHAPTERS
        ],
    )
    with op.batch_alter_table("profile", schema=None) as batch_op:
        batch_op.add_column(sa.Column("chapter_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_profile_chapter_id_chapter"),
            "chapter",
            ["chapter_id"],
            ["id"],
        )
    _map_profiles()


def _map_profiles():
    bind = op.get_bind()
    ids = {
        name: cid for cid, name in bind.execute(sa.text("SELECT id, name FROM chapter"))
    }
    by_key = {_key(name): cid for name, cid in ids.items() if name != "Other"}
    rows = bind.execute(
        sa.text("SELECT user_id, chapter FROM profile WHERE chapter <> ''")
    ).all()
    for user_id, text in rows:
        known = by_key.get(_key(text))
        name = next(n for n, c in ids.items() if c == known) if known else text
        bind.execute(
            sa.text(
                "UPDATE profile SET chapter_id = :c, chapter = :n WHERE user_id = :u"
            ),
            {"c": known or ids["Other"], "n": name[:80], "u": user_id},
        )


def downgrade():
    with op.batch_alter_table("profile", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_profile_chapter_id_chapter"), type_="foreignkey"
        )
        batch_op.drop_column("chapter_id")
    op.drop_table("chapter")
