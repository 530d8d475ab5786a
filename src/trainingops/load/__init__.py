"""Training load and readiness: one domain. The pure NumPy models are in ``load.models`` (no I/O); around them,
the SQL (as the caller, under row-level security), the program's settings, the routes, the JSON bodies, the
flags and the feature export."""
