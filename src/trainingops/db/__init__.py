"""Database access: the embedded server, connection targets, migrations, the pool and per-request
transactions carrying the caller's identity."""
