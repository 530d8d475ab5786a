"""The "as of" rule: which sessions the numbers of a day count, written once for every view (the athlete view,
the team view, readiness, the feature export and the publish preview; docs/load-model.md, "As of: today").

- A day before the program's local today is over: its completed sessions count as done, its planned sessions
  that were not completed count as missed.
- Today is in progress: the sessions completed so far count as done, and today's planned sessions not yet
  completed count at their planned load (planned RPE × planned minutes, category defaults where missing; shown
  in ``projected_load`` and ``estimated_fraction``). They are not missed (the day is not over) and today is not a
  rest day (the plan is the best account of the day so far): at 00:35 today's numbers are those of today's plan,
  and each session logged replaces its projection with what was done.
- Days after today hold the plan only (a forecast), and readiness, which describes what was done, is given for
  the past and today, never later.

``AsOf`` carries the two arguments the models take (``today`` and ``project_planned``) so that no view can pass
another combination.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

# Today's planned, not-yet-completed sessions count at their planned load (see above); True in every view.
COUNTS_TODAYS_PLAN = True


@dataclass(frozen=True)
class AsOf:
    """The rule applied to one window: ``today`` is the index of the program's local today in it."""

    today: int
    project_planned: bool = COUNTS_TODAYS_PLAN

    def readiness_shown(self, days: NDArray[np.intp]) -> NDArray[np.bool_]:
        """Which of these day indices may carry a readiness score (the past and today)."""
        shown: NDArray[np.bool_] = np.asarray(days) <= self.today
        return shown


def as_of(today: int) -> AsOf:
    """The as-of rule for a window whose day ``today`` is the program's local today."""
    return AsOf(today=today)
