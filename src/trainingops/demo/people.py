"""The demo's programs, staff, event groups and athletes: fixed names, deterministic ids."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

# All demo ids derive from this namespace, so re-loading produces the same ids and replaces rows in place.
DEMO_NAMESPACE = uuid.UUID("6f1c9a52-4a7e-4f55-9d0e-2b8f3d1e7a10")


def demo_id(*parts: object) -> uuid.UUID:
    return uuid.uuid5(DEMO_NAMESPACE, "/".join(str(p) for p in parts))


@dataclass(frozen=True)
class StaffSpec:
    name: str
    role: str
    coaches: tuple[str, ...] = ()  # event groups this person assigns sessions to
    active: bool = True


@dataclass(frozen=True)
class ProgramSpec:
    key: str
    name: str
    sport: str
    time_zone: str
    domain: str
    staff: tuple[StaffSpec, ...]
    event_groups: dict[str, int]  # event group -> number of athletes


NORTHFIELD = ProgramSpec(
    key="northfield",
    name="Northfield University Track & Field",
    sport="track_and_field",
    time_zone="America/Chicago",
    domain="northfield.edu",
    staff=(
        StaffSpec("Maria Alvarez", "head_coach", ("Distance",)),
        StaffSpec("Dev Patel", "assistant_coach", ("Sprints",)),
        StaffSpec("Lena Fischer", "assistant_coach", ("Jumps", "Multis")),
        StaffSpec("Tom Brennan", "assistant_coach", ("Throws",)),
        StaffSpec("Jordan Reyes", "strength_coach"),
        StaffSpec("Priya Nair", "athletic_trainer"),
        StaffSpec("Chris Walsh", "program_admin"),
        StaffSpec("Alex Morrow", "assistant_coach", active=False),
    ),
    event_groups={"Sprints": 12, "Distance": 16, "Jumps": 8, "Throws": 8, "Multis": 6},
)

LAKESIDE = ProgramSpec(
    key="lakeside",
    name="Lakeside College Cross Country",
    sport="cross_country",
    time_zone="America/Denver",
    domain="lakeside.edu",
    staff=(
        StaffSpec("Riley Chen", "head_coach", ("Distance", "Middle Distance")),
        StaffSpec("Morgan Blake", "assistant_coach", ("Middle Distance",)),
        StaffSpec("Sasha Ivanova", "athletic_trainer"),
    ),
    event_groups={"Distance": 10, "Middle Distance": 6},
)

PROGRAMS = (NORTHFIELD, LAKESIDE)

FIRST_NAMES = (
    "Aaliyah",
    "Ben",
    "Camila",
    "Daniel",
    "Elif",
    "Finn",
    "Grace",
    "Hugo",
    "Imani",
    "Jonas",
    "Kira",
    "Liam",
    "Maya",
    "Noah",
    "Olivia",
    "Pablo",
    "Quinn",
    "Rosa",
    "Samuel",
    "Tessa",
    "Uma",
    "Victor",
    "Wren",
    "Xavier",
    "Yara",
    "Zane",
    "Amara",
    "Boris",
    "Chloe",
    "Diego",
    "Esme",
    "Felix",
    "Gia",
    "Hassan",
    "Ines",
    "Jack",
    "Keiko",
    "Leo",
    "Mila",
    "Nico",
    "Orla",
    "Pedro",
    "Ruth",
    "Sven",
    "Talia",
    "Ulla",
    "Vera",
    "Will",
    "Ximena",
    "Yusuf",
    "Zoe",
    "Arjun",
    "Bea",
    "Cole",
    "Dana",
    "Eli",
    "Fatima",
    "Gabe",
    "Hana",
    "Ivan",
    "Jade",
    "Kofi",
    "Lucia",
    "Marco",
    "Nadia",
    "Omar",
)
LAST_NAMES = (
    "Adeyemi",
    "Bergstrom",
    "Castillo",
    "Dubois",
    "Eriksen",
    "Fontaine",
    "Garcia",
    "Haddad",
    "Ito",
    "Jensen",
    "Kowalski",
    "Lindqvist",
    "Mensah",
    "Novak",
    "Okonkwo",
    "Petrov",
    "Quintero",
    "Rossi",
    "Schmidt",
    "Tanaka",
    "Uribe",
    "Vasquez",
    "Weber",
    "Xu",
    "Yilmaz",
    "Zimmer",
    "Abbott",
    "Brooks",
    "Carter",
    "Delgado",
    "Evans",
)

# The transfer athlete: on Northfield's earlier season and Lakeside's current one (sessions in both).
TRANSFER_ATHLETE = "Casey Morgan"


def email_for(name: str, domain: str) -> str:
    return f"{name.lower().replace(' ', '.')}@{domain}"
