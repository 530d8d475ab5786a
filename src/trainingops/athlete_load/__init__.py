"""Load and readiness for athletes and rosters: the SQL (as the caller, under RLS), the routes and the feature
export around the pure models of ``trainingops.load``."""
