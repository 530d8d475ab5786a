"""Per-program settings of the load and readiness models (windows, time constants, smoothing form)."""

# The columns of program_load_settings the models read; ``service.from_row`` turns them into LoadSettings.
COLUMNS = ("acute_days", "chronic_days", "ctl_days", "atl_days", "smoothing", "monotony_ddof")


def select_list(alias: str) -> str:
    """``alias.acute_days, alias.chronic_days, …`` for a context query that left-joins the settings."""
    return ", ".join(f"{alias}.{column}" for column in COLUMNS)
