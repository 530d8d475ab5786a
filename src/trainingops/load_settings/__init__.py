"""Per-program settings of the load and readiness models (windows, time constants, smoothing form)."""
