"""Weekly training templates per event group: what a coach of that group typically prescribes.

Each entry: (workout_category, title, planned distance m, planned minutes, planned RPE, assigned by).
"assigned by" is ``group`` (the event-group coach), ``strength`` (the S&C coach, where the program has one)
or ``self`` (an athlete's own optional session, logged by some athletes). Weekday 0 is Monday.
"""

from __future__ import annotations

from typing import NamedTuple


class Slot(NamedTuple):
    category: str
    title: str
    distance_m: int | None
    minutes: int
    rpe: int
    assigned_by: str


_DISTANCE = {
    0: [Slot("run", "Easy run", 10000, 50, 4, "group")],
    1: [
        Slot("run", "Intervals 6 × 1 km", 12000, 60, 8, "group"),
        Slot("gym", "Core & mobility", None, 30, 4, "strength"),
    ],
    2: [Slot("run", "Easy run", 8000, 40, 3, "group")],
    3: [Slot("run", "Tempo 6 km", 11000, 55, 7, "group")],
    4: [
        Slot("run", "Recovery run", 6000, 32, 3, "group"),
        Slot("gym", "Strength circuit", None, 40, 5, "strength"),
    ],
    5: [Slot("run", "Long run", 18000, 90, 6, "group")],
    6: [Slot("cross_training", "Spin bike", None, 45, 3, "self")],
}
_MIDDLE_DISTANCE = {
    0: [Slot("run", "Easy run", 8000, 40, 4, "group")],
    1: [Slot("run", "Intervals 8 × 400 m", 9000, 55, 8, "group")],
    2: [
        Slot("run", "Easy run", 7000, 36, 3, "group"),
        Slot("gym", "Strength circuit", None, 35, 5, "strength"),
    ],
    3: [Slot("run", "Threshold 4 × 1 mile", 10000, 50, 7, "group")],
    4: [Slot("run", "Recovery run", 5000, 28, 3, "group")],
    5: [Slot("run", "Long run", 14000, 70, 6, "group")],
    6: [Slot("cross_training", "Pool running", None, 40, 3, "self")],
}
_SPRINTS = {
    0: [Slot("run", "Acceleration 6 × 30 m", 2000, 75, 7, "group")],
    1: [Slot("gym", "Olympic lifts", None, 60, 7, "strength")],
    2: [Slot("run", "Tempo 8 × 200 m", 3000, 60, 5, "group")],
    3: [Slot("run", "Speed endurance 3 × 150 m", 2000, 75, 8, "group")],
    4: [Slot("gym", "Lower-body strength", None, 60, 7, "strength")],
    5: [Slot("other", "Plyometrics & mobility", None, 45, 4, "group")],
    6: [Slot("run", "Easy shakeout", 4000, 25, 3, "self")],
}
_JUMPS = {
    0: [Slot("run", "Approach runs & short sprints", 2000, 75, 6, "group")],
    1: [Slot("other", "Jump technique", None, 90, 6, "group")],
    2: [Slot("gym", "Power clean & squat", None, 60, 7, "strength")],
    3: [Slot("run", "Tempo 6 × 200 m", 2500, 50, 5, "group")],
    4: [Slot("other", "Plyometrics", None, 60, 7, "group")],
    5: [Slot("gym", "Upper body & core", None, 45, 5, "strength")],
}
_THROWS = {
    0: [Slot("other", "Throws technique", None, 90, 6, "group")],
    1: [Slot("gym", "Heavy squat & bench", None, 75, 8, "strength")],
    2: [Slot("other", "Medicine ball throws", None, 60, 5, "group")],
    3: [Slot("gym", "Olympic lifts", None, 60, 7, "strength")],
    4: [Slot("other", "Throws technique", None, 90, 6, "group")],
    5: [Slot("cross_training", "Conditioning circuit", None, 40, 5, "group")],
}
_MULTIS = {
    0: [Slot("run", "Acceleration & hurdle drills", 2500, 80, 7, "group")],
    1: [Slot("other", "High jump & shot put technique", None, 90, 6, "group")],
    2: [Slot("gym", "Power clean & squat", None, 60, 7, "strength")],
    3: [Slot("run", "Tempo 6 × 300 m", 3500, 55, 6, "group")],
    4: [Slot("other", "Long jump & javelin technique", None, 90, 6, "group")],
    5: [Slot("gym", "Full-body strength", None, 50, 6, "strength")],
    6: [Slot("run", "Easy run", 5000, 30, 3, "self")],
}

WEEKLY_TEMPLATES: dict[str, dict[int, list[Slot]]] = {
    "Distance": _DISTANCE,
    "Middle Distance": _MIDDLE_DISTANCE,
    "Sprints": _SPRINTS,
    "Jumps": _JUMPS,
    "Throws": _THROWS,
    "Multis": _MULTIS,
}

# A four-week mesocycle: three building weeks and a lighter one (a common coaching pattern), so the demo's
# load ratios and fitness/fatigue curves move the way real ones do.
WEEK_VOLUME_FACTORS = (1.0, 1.06, 1.12, 0.78)
