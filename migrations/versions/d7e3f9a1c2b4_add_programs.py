"""add programs, program members and PDU splits; move existing data into one program

Revision ID: d7e3f9a1c2b4
Revises: c4a1e7d2b9f0
Create Date: 2026-12-01 20:50:00

Every existing request and pairing moves into one default program; every member
with a profile is an accepted mentee and/or mentor of it (as their profile says),
so today's pages keep showing what they showed.
"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "d7e3f9a1c2b4"
down_revision = "c4a1e7d2b9f0"
branch_labels = None
depends_on = None

DEFAULT_PROGRAM = "Mentoring program"


def upgrade():
    op.create_table(
        "program",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("chapter_id", sa.Integer(), nullable=True),
        sa.Column("organisation", sa.String(length=120), nullable=False),
        sa.Column("applications_open", sa.Date(), nullable=True),
        sa.Column("applications_close", sa.Date(), nullable=True),
        sa.Column("matching_open", sa.Date(), nullable=True),
        sa.Column("matching_close", sa.Date(), nullable=True),
        sa.Column("pairing_weeks", sa.Integer(), nullable=False),
        sa.Column("mentor_certs", sa.JSON(), nullable=False),
        sa.Column("mentor_min_years", sa.Integer(), nullable=False),
        sa.Column("mentee_certs", sa.JSON(), nullable=False),
        sa.Column("mentee_min_years", sa.Integer(), nullable=False),
        sa.Column("membership_required", sa.Boolean(), nullable=False),
        sa.Column("language", sa.String(length=40), nullable=False),
        sa.Column("default_capacity", sa.Integer(), nullable=False),
        sa.Column("self_request", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "default_capacity >= 0", name=op.f("ck_program_capacity_nonneg")
        ),
        sa.CheckConstraint(
            "pairing_weeks > 0", name=op.f("ck_program_pairing_weeks_pos")
        ),
        sa.ForeignKeyConstraint(
            ["chapter_id"], ["chapter.id"], name=op.f("fk_program_chapter_id_chapter")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_program")),
    )
    op.create_table(
        "program_member",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("program_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column(
            "role",
            sa.Enum(
                "mentee",
                "mentor",
                "admin",
                name="programrole",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column(
            "status",
            sa.Enum(
                "applied",
                "accepted",
                "waitlisted",
                "declined",
                name="applicationstatus",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("motivation", sa.Text(), nullable=False),
        sa.Column("hours_per_month", sa.Integer(), nullable=False),
        sa.Column("membership_confirmed", sa.Boolean(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["decided_by_id"],
            ["user_account.id"],
            name=op.f("fk_program_member_decided_by_id_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["program_id"],
            ["program.id"],
            name=op.f("fk_program_member_program_id_program"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_program_member_user_id_user_account"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_program_member")),
        sa.UniqueConstraint(
            "program_id",
            "user_id",
            "role",
            name=op.f("uq_program_member_program_id"),
        ),
    )
    with op.batch_alter_table("program_member", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_program_member_program_id"), ["program_id"]
        )
        batch_op.create_index(batch_op.f("ix_program_member_user_id"), ["user_id"])
    op.create_table(
        "pdu_split",
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("ways_of_working", sa.Integer(), nullable=False),
        sa.Column("power_skills", sa.Integer(), nullable=False),
        sa.Column("business_acumen", sa.Integer(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "ways_of_working + power_skills + business_acumen = 100",
            name=op.f("ck_pdu_split_split_is_100"),
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["match_request.id"],
            name=op.f("fk_pdu_split_request_id_match_request"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_pdu_split_user_id_user_account"),
        ),
        sa.PrimaryKeyConstraint("request_id", "user_id", name=op.f("pk_pdu_split")),
    )
    with op.batch_alter_table("match_request", schema=None) as batch_op:
        batch_op.add_column(sa.Column("program_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_match_request_program_id"), ["program_id"])
        batch_op.create_foreign_key(
            batch_op.f("fk_match_request_program_id_program"),
            "program",
            ["program_id"],
            ["id"],
        )
    _move_into_default_program()


def _move_into_default_program():
    bind = op.get_bind()
    people = bind.execute(
        sa.text(
            "SELECT user_id, wants_mentor, offers_mentoring, hours_per_month FROM profile"
        )
    ).all()
    has_requests = bind.execute(sa.text("SELECT count(*) FROM match_request")).scalar()
    if not people and not has_requests:
        return  # a fresh database: no default program to invent
    # Literals, not parameters: PostgreSQL will not cast a bound VARCHAR to JSON.
    bind.execute(
        sa.text(
            "INSERT INTO program (name, description, organisation, pairing_weeks,"
            " mentor_certs, mentor_min_years, mentee_certs, mentee_min_years,"
            " membership_required, language, default_capacity, self_request, created_at)"
            " VALUES (:n, :d, '', 26, '[]', 0, '[]', 0, false, '', 2, true,"
            " CURRENT_TIMESTAMP)"
        ),
        {"n": DEFAULT_PROGRAM, "d": "Everyone who was here before programs."},
    )
    pid = bind.execute(sa.text("SELECT max(id) FROM program")).scalar()
    bind.execute(sa.text("UPDATE match_request SET program_id = :p"), {"p": pid})
    insert = sa.text(
        "INSERT INTO program_member (program_id, user_id, role, status, motivation,"
        " hours_per_month, membership_confirmed, reason, created_at)"
        " VALUES (:p, :u, :r, 'accepted', '', :h, false, '', CURRENT_TIMESTAMP)"
    )
    for user_id, wants, offers, hours in people:
        for role, flag in (("mentee", wants), ("mentor", offers)):
            if flag:
                bind.execute(insert, {"p": pid, "u": user_id, "r": role, "h": hours})


def downgrade():
    with op.batch_alter_table("match_request", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_match_request_program_id_program"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_match_request_program_id"))
        batch_op.drop_column("program_id")
    op.drop_table("pdu_split")
    with op.batch_alter_table("program_member", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_program_member_user_id"))
        batch_op.drop_index(batch_op.f("ix_program_member_program_id"))
    op.drop_table("program_member")
    op.drop_table("program")
