"""athlete_training_sessions: the execution/history layer as an API (assign, log, review, trends)."""
