"""Reason sentences phrased for the reader: the mentee, the mentor or an admin."""

from __future__ import annotations

from typing import Literal

Audience = Literal["mentee", "mentor", "admin"]
AUDIENCES: tuple[str, ...] = ("mentee", "mentor", "admin")


def check_audience(audience: str) -> Audience:
    """The audience, or ValueError for an unknown one."""
    if audience not in AUDIENCES:
        raise ValueError(f"audience must be one of {AUDIENCES}, got {audience!r}")
    return audience  # type: ignore[return-value]


def join(items: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _say(audience: Audience, mentee: str, mentor: str, admin: str) -> str:
    return {"mentee": mentee, "mentor": mentor, "admin": admin}[audience]


def cert_sentence(
    held: list[str],
    targets: list[str],
    mine: list[str],
    audience: Audience,
) -> str:
    """Certification reason; ``held`` are the mentor's codes that count,
    ``targets`` and ``mine`` the mentee's targets and held codes."""
    h = join(held)
    aimed = [c for c in held if c in targets]
    if aimed:
        a = join(aimed)
        return _say(
            audience,
            f"Holds {a}, which you are aiming for",
            f"Aims for {a}, which you hold",
            f"Mentor holds {a}, which the mentee is aiming for",
        )
    if targets:
        g = join(sorted(targets))
        return _say(
            audience,
            f"Holds {h}, a step beyond {g} which you are aiming for",
            f"Aims for {g}; you hold {h}, a step beyond",
            f"Mentor holds {h}, a step beyond the mentee's target {g}",
        )
    if mine:
        m = join(sorted(mine))
        return _say(
            audience,
            f"Holds {h}, a usual next step after your {m}",
            f"Holds {m}; your {h} is a usual next step",
            f"Mentor holds {h}, a usual next step after the mentee's {m}",
        )
    return _say(
        audience,
        f"Holds {h}, where most project managers start",
        f"New to certifications; you hold {h}, where most start",
        f"Mentor holds {h}, where most project managers start",
    )


def skills_sentence(offered: list[str], audience: Audience) -> str:
    """Skills reason."""
    s = offered[0] if len(offered) == 1 else ", ".join(offered)
    if len(offered) == 1:
        return _say(
            audience,
            f"Offers {s}, a skill you want to grow",
            f"Wants to grow {s}, which you offer",
            f"Mentor offers {s}, which the mentee wants to grow",
        )
    n = len(offered)
    return _say(
        audience,
        f"Offers {n} of the skills you want to grow: {s}",
        f"Wants to grow {n} skills you offer: {s}",
        f"Mentor offers {n} skills the mentee wants to grow: {s}",
    )


def goals_sentence(terms: list[str], audience: Audience) -> str:
    """Shared-words reason (goals text against expertise text)."""
    t = ", ".join(terms)
    return _say(
        audience,
        f"Experience matches your goals: {t}",
        f"Their goals match your experience: {t}",
        f"Mentee's goals match the mentor's experience: {t}",
    )


def topic_sentence(label: str, main: bool, audience: Audience) -> str:
    """Goal-topic reason: the mentor's profile covers a (main) goal."""
    if main:
        return _say(
            audience,
            f"Can help with your main goal: {label}",
            f"Their main goal is {label}, which your profile covers",
            f"Mentor covers the mentee's main goal: {label}",
        )
    return _say(
        audience,
        f"Can help with your goal of {label}",
        f"They also want help with {label}, which your profile covers",
        f"Mentor covers the mentee's goal of {label}",
    )


def seniority_sentence(years: int, audience: Audience) -> str:
    """Seniority reason for a gap of ``years`` (>= 1)."""
    y = f"{years} more year{'s' if years != 1 else ''} of experience"
    return _say(audience, f"{y} than you", f"You have {y}", f"Mentor has {y}")


def both(text: str, audience: Audience) -> str:
    """A shared practical fact: "You both ..." / "Both ..." for admins."""
    return f"Both {text}" if audience == "admin" else f"You both {text}"


def language_sentence(audience: Audience) -> str:
    """Always true of a suggested pair (a shared language is a hard rule)."""
    return "They share a language" if audience == "admin" else "You share a language"


def wants_sentence(what: list[str], audience: Audience) -> str:
    """Reciprocity: the mentor asked for mentees like this one."""
    w = join(what)
    return _say(
        audience,
        f"Wants to mentor people like you: {w}",
        f"Matches whom you want to mentor: {w}",
        f"Matches the mentor's wishes: {w}",
    )
