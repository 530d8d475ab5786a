"""Fuzzing the upload path (issue 11, "raise the bar"): random and adversarial FIT, GPX, TCX and gzip bodies within
the size cap. Every one must end within the parse budget as a parsed upload or a refusal with a 4xx code — never
a hang, never an unexpected exception (a 500) — first at the reader, then through the API.

Hypothesis runs derandomised (the same examples on every run), so CI is repeatable; raise
``TRAININGOPS_FUZZ_EXAMPLES`` locally to search longer.
"""

from __future__ import annotations

import gzip
import os
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fit_tool.profile.profile_type import Sport, SubSport
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.api import Api
from tests.support.fit_factory import SessionSpec, build_activity_fit
from tests.support.uploads import CORPUS, athlete_path, run_fit, upload
from trainingops.activities.readers import ActivityFileError
from trainingops.activities.readers.budget import DEFAULT_PARSE_SECONDS
from trainingops.activities.readers.errors import (
    CompressedBomb,
    CorruptFile,
    EmptyFile,
    FileTooLarge,
    NotAnActivity,
    NoTimestamps,
    ParseTooSlow,
    UnsupportedFormat,
)
from trainingops.activities.service import parse_upload

pytestmark = [
    pytest.mark.filterwarnings("ignore::UserWarning:fitdecode"),  # mutated FIT fields are noisy
    pytest.mark.slow,  # a property search over hostile files
]
EXAMPLES = int(os.environ.get("TRAININGOPS_FUZZ_EXAMPLES", "150"))
CHUNK = 1024 * 1024
START = datetime(2024, 5, 14, 6, 30, tzinfo=UTC)  # inside the files only; a past day stays past: nothing expires
# Each refusal the reader may give, with the one status its rule has (docs/files.md): never the generic base.
REFUSALS: dict[type[ActivityFileError], int] = {
    EmptyFile: 422,
    UnsupportedFormat: 422,
    CorruptFile: 422,
    NotAnActivity: 422,
    NoTimestamps: 422,
    ParseTooSlow: 422,
    FileTooLarge: 413,
    CompressedBomb: 413,
}
RANDOM = "00000000-0000-4000-8000-000000000000"

SEEDS: list[bytes] = [
    run_fit(START, moving_s=300),
    build_activity_fit(
        SessionSpec(START, 300, Sport.CYCLING, SubSport.GENERIC, 8.0),
        SessionSpec(START + timedelta(minutes=6), 300, Sport.RUNNING, SubSport.GENERIC, 3.3),
    ),
    (
        b'<?xml version="1.0"?><gpx version="1.1" creator="fuzz" xmlns="http://www.topografix.com/GPX/1/1"><trk>'
        b"<trkseg>"
        + b"".join(
            f'<trkpt lat="46.{i:04d}" lon="14.0"><ele>300</ele><time>2024-05-14T06:{i // 60:02d}:{i % 60:02d}Z'
            f"</time><extensions><hr>{140 + i % 20}</hr></extensions></trkpt>".encode()
            for i in range(120)
        )
        + b"</trkseg></trk></gpx>"
    ),
    (
        b'<?xml version="1.0"?><TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/'
        b'TrainingCenterDatabase/v2"><Activities><Activity Sport="Running"><Id>2024-05-14T06:30:00Z</Id>'
        b'<Lap StartTime="2024-05-14T06:30:00Z"><TotalTimeSeconds>120</TotalTimeSeconds><Track>'
        + b"".join(
            f"<Trackpoint><Time>2024-05-14T06:{30 + i // 60:02d}:{i % 60:02d}Z</Time>"
            f"<DistanceMeters>{i * 3}</DistanceMeters><HeartRateBpm><Value>150</Value></HeartRateBpm>"
            "</Trackpoint>".encode()
            for i in range(120)
        )
        + b"</Track></Lap></Activity></Activities></TrainingCenterDatabase>"
    ),
]
if (CORPUS / "MANIFEST.md").is_file():
    SEEDS += [path.read_bytes() for path in sorted(CORPUS.iterdir()) if path.suffix in (".fit", ".gpx", ".tcx")][:8]


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    """A seed file with bytes flipped, cut, duplicated or inserted."""
    data = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(0, 8))):
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        action = draw(st.sampled_from(["flip", "cut", "insert", "repeat"]))
        if action == "flip":
            data[at] ^= draw(st.integers(1, 255))
        elif action == "cut":
            del data[at : at + draw(st.integers(1, 64))]
        elif action == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=32))
        else:
            data[at:at] = data[at : at + draw(st.integers(1, 256))] * draw(st.integers(1, 20))
    return bytes(data)


@st.composite
def gzip_bodies(draw: st.DrawFn) -> bytes:
    """gzip members of awkward sizes (exact multiples of the inflate slice among them) and tails."""
    members = []
    for _ in range(draw(st.integers(1, 3))):
        size = draw(st.sampled_from([0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK]))
        content = draw(st.sampled_from([b"\0" * size, (draw(st.sampled_from(SEEDS)) * (size // 1000 + 1))[:size]]))
        members.append(gzip.compress(content, compresslevel=1))
    tail = draw(st.sampled_from([b"", b"\x1f\x8b", b"junk", gzip.compress(b"x")[:10]]))
    body = b"".join(members) + tail
    if draw(st.booleans()):
        body = body[: draw(st.integers(1, len(body)))]
    return body


@st.composite
def nested_xml(draw: st.DrawFn) -> bytes:
    root = draw(st.sampled_from([b"gpx", b"TrainingCenterDatabase"]))
    depth = draw(st.integers(1, 5000))
    tag = draw(st.sampled_from([b"trk", b"a", b"Activities"]))
    return b"<" + root + b">" + b"<" + tag + b">" * depth + b"</" + tag + b">" * draw(st.integers(0, depth))


BODIES = st.one_of(
    st.binary(max_size=4096),
    st.binary(max_size=64).map(lambda b: b"\x0e\x10\x00\x00\x00\x00\x00\x00.FIT" + b),  # a FIT header, then noise
    mutated(),
    mutated().map(gzip.compress),
    gzip_bodies(),
    nested_xml(),
)


def _parse_within_budget(body: bytes) -> None:
    started = time.monotonic()
    try:
        parse_upload(body, "fuzz.fit")
    except ActivityFileError as exc:
        assert (type(exc), exc.status) in REFUSALS.items(), repr(exc)
    elapsed = time.monotonic() - started
    # The budget is checked between bounded steps; half of it again is the slack one step may take on a busy
    # machine (this asserts "bounded", not a speed).
    assert elapsed < DEFAULT_PARSE_SECONDS * 1.5, f"took {elapsed:.1f} s"


@pytest.mark.timeout(600)
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(BODIES)
def test_every_body_is_read_or_refused_within_the_budget(body: bytes) -> None:
    _parse_within_budget(body)


@pytest.mark.timeout(600)
@settings(
    max_examples=max(EXAMPLES // 5, 10),
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(st.one_of(mutated(), gzip_bodies(), nested_xml(), st.binary(max_size=512)))
def test_through_the_api_every_body_gets_the_readers_answer(api_ro: Api, body: bytes) -> None:
    """The athlete gets what the reader says of the body: 201 when it parses (stored, or a replay of the same
    file), else the reader's own status and code. An outsider gets the hidden athlete's 404 before the file is
    read, byte for byte the answer for a random athlete."""
    try:
        parse_upload(body, "fuzz.fit.gz")
        readers_answer: tuple[int, str | None] = (201, None)
    except ActivityFileError as exc:
        readers_answer = (exc.status, exc.code)
    for actor, path, expected in (
        ("A1", athlete_path(api_ro, "a1"), readers_answer),
        ("U", athlete_path(api_ro, "a1"), (404, "athlete_not_found")),
    ):
        started = time.monotonic()
        response = upload(api_ro, actor, path, body, filename="fuzz.fit.gz")
        elapsed = time.monotonic() - started
        problem = response.headers["content-type"] == "application/problem+json"
        assert (response.status_code, response.json()["code"] if problem else None) == expected, response.text
        assert response.headers["content-type"] == (
            "application/json" if expected[0] == 201 else "application/problem+json"
        )
        assert elapsed < DEFAULT_PARSE_SECONDS * 1.5
    hidden = upload(api_ro, "U", path.replace(str(api_ro.world.ids["a1"]), RANDOM), body, filename="fuzz.fit.gz")
    assert hidden.content == response.content


def test_the_seeds_are_real_files() -> None:
    """The mutations start from files that do parse, so the fuzzer explores near the real formats."""
    for seed in SEEDS[:4]:
        assert parse_upload(seed, None).activities


def test_the_corpus_is_optional_for_the_fuzzer() -> None:
    assert isinstance(CORPUS, Path)
