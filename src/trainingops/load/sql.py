"""SQL of the load domain: the program's model settings joined into a context query.

Every statement runs as the caller (row-level security decides what exists); nothing here filters for access.
"""

from __future__ import annotations

# The columns of program_load_settings the models read; ``program_settings.from_row`` turns them into
# LoadSettings (null columns: the published defaults).
SETTINGS_COLUMNS = ("acute_days", "chronic_days", "ctl_days", "atl_days", "smoothing", "monotony_ddof")


def settings_select_list(alias: str) -> str:
    """``alias.acute_days, alias.chronic_days, …`` for a context query that left-joins the settings."""
    return ", ".join(f"{alias}.{column}" for column in SETTINGS_COLUMNS)
