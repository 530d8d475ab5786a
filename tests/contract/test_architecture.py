"""The tree is the map of docs/architecture.md: imports flow down the layers, never back up, and the pure wings
import nothing outside themselves. Measured from the source (ast), so a new import that breaks the rule fails
here, with its file and line."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "trainingops"

# Highest first. A module may import from its own room and from rooms on a lower layer only.
LAYERS: list[set[str]] = [
    {"app", "cli", "demo"},  # faces
    {"calendar", "activities"},  # domains, top to bottom
    {"planning"},
    {"load"},
    {"sessions", "wellness"},
    {"roster"},
    {"api", "auth"},  # platform
    {"db", "csv_cells", "mail"},
    {"config"},
    {"load.models", "activities.readers"},  # the pure wings: no I/O, importable from anywhere above
    {"errors"},  # the error vocabulary: plain exception classes every layer raises
]
# The pure wings import nothing outside themselves, but for the error vocabulary every layer shares
# (trainingops.errors: plain exception classes) and the physiology constants the device readers share with the load
# models (what a recorded heart rate can be).
WING_EXCEPTIONS = {
    ("activities.readers", "trainingops.errors"),
    ("activities.readers", "trainingops.load.models.physiology"),
}
MAX_LINES = 400


def room(module: str) -> str:
    parts = module.split(".")[1:]
    for wing in ("load.models", "activities.readers"):
        if ".".join(parts[:2]) == wing:
            return wing
    return parts[0] if parts else ""


def layer(name: str) -> int:
    return next(i for i, rooms in enumerate(LAYERS) if name in rooms)


def modules() -> dict[str, Path]:
    found = {}
    for path in SRC.rglob("*.py"):
        name = ".".join(("trainingops", *path.relative_to(SRC).with_suffix("").parts))
        found[name.removesuffix(".__init__")] = path
    return found


def imports(path: Path) -> list[tuple[str, int]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("trainingops"):
            found += [(node.module, node.lineno)] + [(f"{node.module}.{a.name}", node.lineno) for a in node.names]
        elif isinstance(node, ast.Import):
            found += [(a.name, node.lineno) for a in node.names if a.name.startswith("trainingops")]
    return found


def edges() -> list[tuple[str, str, int]]:
    known = modules()
    return [
        (source, target, line)
        for source, path in known.items()
        for target, line in imports(path)
        if target in known and target != source and room(target)  # "from trainingops import __version__": the root
    ]


def test_every_room_is_on_a_layer() -> None:
    rooms = {room(m) for m in modules()} - {""}
    placed = set().union(*LAYERS)
    assert rooms - placed == set(), "a new top-level package: put it on a layer in LAYERS and in docs/architecture.md"


def test_imports_flow_down_never_back_up() -> None:
    upward = [
        f"{source} -> {target} (line {line})"
        for source, target, line in edges()
        if room(source) != room(target) and layer(room(target)) < layer(room(source))
    ]
    assert upward == []


def test_the_pure_wings_import_nothing_outside_themselves() -> None:
    leaks = [
        f"{source} -> {target} (line {line})"
        for source, target, line in edges()
        if room(source) in ("load.models", "activities.readers")
        and room(target) != room(source)
        and (room(source), target) not in WING_EXCEPTIONS
    ]
    assert leaks == []


def test_no_import_cycles() -> None:
    graph: dict[str, set[str]] = defaultdict(set)
    for source, target, _ in edges():
        graph[source].add(target)
    visiting: set[str] = set()
    done: set[str] = set()
    cycles: list[list[str]] = []

    def visit(node: str, path: list[str]) -> None:
        visiting.add(node)
        for nxt in sorted(graph[node]):
            if nxt in visiting:
                cycles.append([*path[path.index(nxt) :], nxt] if nxt in path else [node, nxt])
            elif nxt not in done:
                visit(nxt, [*path, nxt])
        visiting.discard(node)
        done.add(node)

    for node in sorted(graph):
        if node not in done:
            visit(node, [node])
    assert cycles == []


def test_no_file_is_longer_than_a_sitting() -> None:
    long = {str(p.relative_to(SRC)): n for p in SRC.rglob("*.py") if (n := len(p.read_text().splitlines())) > MAX_LINES}
    assert long == {}


def test_the_formatter_formats_everything() -> None:
    skipped = [str(p.relative_to(SRC)) for p in SRC.rglob("*.py") if "fmt: skip" in p.read_text()]
    assert skipped == []
