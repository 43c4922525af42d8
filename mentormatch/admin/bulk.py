"""Approving several accepted requests in turn, each in its own transaction."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from mentormatch.core import workflow
from mentormatch.core.errors import WorkflowError
from mentormatch.core.models import MatchRequest, User
from mentormatch.core.roles import Scope


@dataclass
class BulkResult:
    """Which requests were approved, and why each of the others was not."""

    approved: list[int] = field(default_factory=list)
    failures: list[tuple[int, str]] = field(default_factory=list)


def approve_each(
    session: Session,
    request_ids: list[int],
    *,
    admin: User,
    rules: workflow.Rules,
    programs: Scope = None,
) -> BulkResult:
    """Approve each request through the workflow; one refusal stops no other.

    A request outside `programs` (None: any) is reported as missing, so a
    program admin learns nothing of another program's requests.

    Returns
    -------
    BulkResult
        The approved ids and, for each refused id, the workflow's message.
    """
    result = BulkResult()
    for request_id in dict.fromkeys(request_ids):
        req = session.get(MatchRequest, request_id)
        if req is None or (programs is not None and req.program_id not in programs):
            result.failures.append((request_id, "No such request."))
            continue
        try:
            workflow.approve_match(session, req, admin=admin, rules=rules)
        except WorkflowError as err:
            session.rollback()
            result.failures.append((request_id, str(err)))
        else:
            result.approved.append(request_id)
    return result
