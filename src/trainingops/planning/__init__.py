"""The planning layer: training events, workouts and steps, practices, overrides, maxes; publishing."""
