"""Domain errors whose messages are safe to show a member."""

from __future__ import annotations


class WorkflowError(Exception):
    """Base of every refusal a service can give; the message is user-facing."""

    status_code = 409


class NotAllowedError(WorkflowError):
    """The actor may not do this to this object."""

    status_code = 403


class InvalidTransitionError(WorkflowError):
    """The object is not in a state that allows this change."""


class DuplicateRequestError(WorkflowError):
    """An open request or pairing with the same person already exists."""


class CapacityError(WorkflowError):
    """A mentor has no free capacity, or a mentee has reached their limit."""


class ValidationError(WorkflowError):
    """Input that passed the form's shape checks breaks a domain rule."""

    status_code = 400
