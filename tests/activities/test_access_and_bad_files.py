"""Who may upload and download (401, and 404 identical for hidden and missing), and bad files: a clear 4xx
with the readers' stable code, and nothing written."""

from __future__ import annotations

import gzip
import uuid

import pytest

from tests.support.api import Api, answer
from tests.support.fit_factory import build_workout_fit
from tests.support.uploads import (
    CORPUS,
    athlete_path,
    count_rows,
    days_ago,
    needs_corpus,
    run_fit,
    session_path,
    upload,
)

RUN = run_fit(days_ago(20, 14), moving_s=600)
RANDOM = "00000000-0000-4000-8000-000000000000"


def test_every_route_needs_a_token(api_ro: Api) -> None:
    a1, session = api_ro.world.ids["a1"], api_ro.world.sessions["a1_coach"]
    for path in (f"/api/v1/athletes/{a1}/activity-files", session_path(session)):
        response = api_ro.client.post(path, content=RUN, headers={"Content-Type": "application/octet-stream"})
        assert (response.status_code, response.json()["code"]) == (401, "unauthenticated")
    assert answer(api_ro.client.get(f"/api/v1/activity-files/{RANDOM}")) == (401, "unauthenticated")


@pytest.mark.parametrize(
    ("actor", "athlete"),
    [("C1", "b1"), ("C2", "a1"), ("A1", "a2"), ("A1", "b1"), ("U", "a1"), ("X", "a1"), ("B1", "d")],
)
def test_another_programs_or_a_teammates_athlete_is_404_like_a_random_id(api_ro: Api, actor: str, athlete: str) -> None:
    before = count_rows(api_ro)
    hidden = upload(api_ro, actor, athlete_path(api_ro, athlete), RUN)
    missing = upload(api_ro, actor, f"/api/v1/athletes/{RANDOM}/activity-files", RUN)
    assert answer(hidden) == answer(missing) == (404, "athlete_not_found")
    assert hidden.content == missing.content
    assert count_rows(api_ro) == before


@pytest.mark.parametrize(
    ("actor", "session"), [("C1", "b1_coach"), ("C2", "a1_coach"), ("A1", "a2_coach"), ("U", "d_self")]
)
def test_a_session_the_caller_cannot_see_is_404_like_a_random_id(api_ro: Api, actor: str, session: str) -> None:
    hidden = upload(api_ro, actor, session_path(api_ro.world.sessions[session]), RUN)
    missing = upload(api_ro, actor, session_path(RANDOM), RUN)
    assert answer(hidden) == answer(missing) == (404, "session_not_found")
    assert hidden.content == missing.content


def test_a_file_is_visible_with_its_session_and_hidden_otherwise(api: Api) -> None:
    created = upload(api, "A1", athlete_path(api, "a1"), RUN).json()
    download = created["file"]["download"]
    assert api.request("C1", "GET", download).content == RUN
    hidden = api.request("C2", "GET", download)
    missing = api.request("C2", "GET", f"/api/v1/activity-files/{uuid.uuid4()}")
    assert answer(hidden) == answer(missing) == (404, "activity_file_not_found")
    assert hidden.content == missing.content
    assert answer(api.request("A2", "GET", download)) == (404, "activity_file_not_found")


def _big_gpx() -> bytes:
    """A valid 2.5 MB GPX (a comment pads it): over the global 1 MiB body cap, under the upload cap."""
    points = "".join(
        f'<trkpt lat="46.{i:04d}" lon="14.0"><time>{days_ago(20, 14).date()}T14:{i // 60:02d}:{i % 60:02d}Z</time></trkpt>'
        for i in range(0, 1200, 5)
    )
    padding = "<!-- " + "x" * 2_500_000 + " -->"
    return (
        '<?xml version="1.0"?><gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1">'
        f"{padding}<trk><type>running</type><trkseg>{points}</trkseg></trk></gpx>"
    ).encode()


def test_a_file_over_the_global_body_cap_is_accepted_and_one_over_16_mib_refused(api: Api) -> None:
    big = upload(api, "A1", athlete_path(api, "a1"), _big_gpx(), filename="long.gpx")
    assert big.status_code == 201, big.text
    assert big.json()["file"]["format"] == "gpx"
    before = count_rows(api)
    huge = upload(api, "A1", athlete_path(api, "a1"), b"\0" * (16 * 1024 * 1024 + 1))
    assert (huge.status_code, huge.json()["code"]) == (413, "payload_too_large")
    assert count_rows(api) == before


def _bomb() -> bytes:
    return gzip.compress(b"\0" * (65 * 1024 * 1024), compresslevel=9)


WRITTEN_BAD = {
    "empty": (b"", 422, "activity_file_empty"),
    "not_a_device_file": (b"%PDF-1.7 not an activity", 422, "activity_file_unsupported_format"),
    "json": (b'{"distance": 5000}', 422, "activity_file_unsupported_format"),
    "workout_definition": (build_workout_fit(days_ago(20)), 422, "activity_file_not_an_activity"),
    "truncated": (RUN[: len(RUN) // 2], 422, "activity_file_corrupt"),
    "flipped_byte": (RUN[:100] + bytes([RUN[100] ^ 0xFF]) + RUN[101:], 422, "activity_file_corrupt"),
    "gzip_bomb": (_bomb(), 413, "activity_file_compression_bomb"),
    "gpx_without_times": (
        b'<gpx version="1.1" creator="t"><trk><trkseg><trkpt lat="1" lon="1"/><trkpt lat="1.1" lon="1"/>'
        b"</trkseg></trk></gpx>",
        422,
        "activity_file_no_timestamps",
    ),
}


@pytest.mark.parametrize("case", list(WRITTEN_BAD))
def test_bad_written_files_get_their_code_and_change_nothing(api_ro: Api, case: str) -> None:
    data, status, code = WRITTEN_BAD[case]
    before = count_rows(api_ro)
    for path in (athlete_path(api_ro, "a1"), session_path(api_ro.world.sessions["a1_coach"])):
        response = upload(api_ro, "A1", path, data, filename=f"{case}.fit")
        assert (response.status_code, response.json()["code"]) == (status, code), response.text
        assert response.headers["content-type"] == "application/problem+json"
    assert count_rows(api_ro) == before


CORPUS_BAD = {
    "bad_chained_corrupt_header.fit": "activity_file_corrupt",
    "bad_empty_0_bytes.fit": "activity_file_empty",
    "bad_file_crc.fit": "activity_file_corrupt",
    "bad_not_activity_workout.fit": "activity_file_not_an_activity",
    "bad_truncated_eof.fit": "activity_file_corrupt",
    "gpx_no_times_cerknicko.gpx": "activity_file_no_timestamps",
}


@needs_corpus
def test_the_corpus_bad_files_are_refused_with_their_code_and_change_nothing(api_ro: Api) -> None:
    before = count_rows(api_ro)
    for name, code in CORPUS_BAD.items():
        response = upload(api_ro, "A1", athlete_path(api_ro, "a1"), (CORPUS / name).read_bytes(), filename=name)
        assert answer(response) == (422, code), name
    assert count_rows(api_ro) == before


@needs_corpus
def test_corpus_files_import_as_multipart_and_download_unchanged(api: Api) -> None:
    for name in ("run_fr410_hr.tcx", "strength_fenix3hr.fit", "bike_mapmyride.tcx"):
        data = (CORPUS / name).read_bytes()
        response = api.request(
            "A1", "POST", athlete_path(api, "a1"), files={"file": (name, data, "application/octet-stream")}
        )
        assert response.status_code == 201, (name, response.text)
        result = response.json()
        assert result["file"]["filename"] == name
        assert api.request("A1", "GET", result["file"]["download"]).content == data
    flags = api.request("A1", "GET", f"/api/v1/sessions?athlete_id={api.world.ids['a1']}&workout_category=gym")
    [gym] = flags.json()["items"]
    assert [q["code"] for q in gym["metrics_json"]["quality"]][:1] == ["hr_avg_implausible"]


def test_a_multipart_form_without_a_file_part_is_refused(api_ro: Api) -> None:
    response = api_ro.request("A1", "POST", athlete_path(api_ro, "a1"), files={"other": ("x.fit", RUN)})
    assert (response.status_code, response.json()["code"]) == (422, "activity_file_missing")
