"""``trainingops db prune``: rows that only grow and stop mattering after a while, deleted in one transaction.

- ``idempotency_records``: the stored answers that make a retried write land once. A client retries within
  minutes, the phone app's outbox within days; after ``keep_days`` a replay of the same key would be applied again,
  so the default window (90 days) is far longer than any outbox waits (docs/offline.md).
- ``app_private.one_time_tokens``: emailed links (password reset, invitation) used or expired ``keep_days`` ago.
  A link whose row is gone is refused like an expired one.
- ``app_private.sign_in_sessions``: sign-ins that ended (expired or revoked) ``keep_days`` ago. A token naming a
  session that no longer exists is refused (``app_private.sign_in_is_live``), as it already was.

It runs on the administrative connection with ``row_security = off``: ``idempotency_records`` is under forced
row-level security, so a role that may not bypass it gets PostgreSQL's error rather than a silently partial prune
(the embedded server's superuser may; on another server use its superuser or a role with BYPASSRLS, as for
backups).
"""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_KEEP_DAYS = 90

# (what the report calls it, the table, which rows are past the window: %(cutoff)s is now() - keep_days)
_TABLES = (
    ("idempotency records", "public.idempotency_records", "created_at < %(cutoff)s"),
    ("used or expired email links", "app_private.one_time_tokens", "used_at < %(cutoff)s or expires_at < %(cutoff)s"),
    ("ended sign-ins", "app_private.sign_in_sessions", "coalesce(revoked_at, expires_at) < %(cutoff)s"),
)


@dataclass(frozen=True)
class Pruned:
    kind: str
    rows: int


def prune(admin_url: str, *, keep_days: int = DEFAULT_KEEP_DAYS, dry_run: bool = False) -> list[Pruned]:
    """Delete (or with ``dry_run`` only count) each table's rows past the window; all or nothing."""
    import psycopg  # here, not at the top: the CLI reads DEFAULT_KEEP_DAYS without loading the driver

    if keep_days < 1:
        raise ValueError("keep_days must be at least 1")
    pruned = []
    with psycopg.connect(admin_url) as conn:
        conn.execute("set local row_security = off")
        cutoff = conn.execute("select now() - make_interval(days => %s)", [keep_days]).fetchone()
        assert cutoff is not None
        for kind, table, past in _TABLES:
            if dry_run:
                statement = f"select count(*) from {table} where {past}"
            else:
                statement = f"with gone as (delete from {table} where {past} returning 1) select count(*) from gone"
            row = conn.execute(statement, {"cutoff": cutoff[0]}).fetchone()
            assert row is not None
            pruned.append(Pruned(kind, int(row[0])))
        if dry_run:
            conn.rollback()
    return pruned
