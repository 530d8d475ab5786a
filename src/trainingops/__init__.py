"""TrainingOps: the Training domain of a team-operations platform for athletic programs."""

__version__ = "0.1.0"
