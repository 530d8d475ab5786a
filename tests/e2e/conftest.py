"""The in-process SMTP server of the accounts tests, for the fresh-install walk."""

from tests.auth.conftest import mailbox

__all__ = ["mailbox"]
