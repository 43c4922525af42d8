"""Accounts: signup, login, passwords, reset links, own data and deletion."""

from mentormatch.accounts.services.credentials import (
    DuplicateEmailError,
    create_user,
    find_user,
    normalise_email,
    revoke_reset_links,
)
from mentormatch.accounts.services.reset import invite

__all__ = [
    "DuplicateEmailError",
    "create_user",
    "find_user",
    "invite",
    "normalise_email",
    "revoke_reset_links",
]
