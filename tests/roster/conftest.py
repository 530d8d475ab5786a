"""The accounts harness (an app that sends mail to an in-process SMTP server) for the invitation tests."""

from tests.auth.conftest import accounts, mailbox

__all__ = ["accounts", "mailbox"]
