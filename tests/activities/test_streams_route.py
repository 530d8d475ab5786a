"""GET /sessions/{id}/activity-file/streams: heart rate, speed and altitude over time, read again from the stored
file under the download rule, thinned to at most 1,000 points; the same 404s as the session's file route."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import numpy as np

from tests.activities.test_upload_attacks import _run_and_ride, _two_program_day
from tests.support.api import Api, answer
from tests.support.uploads import athlete_path, days_ago, run_fit, session_path, upload
from trainingops.activities.readers import Device
from trainingops.activities.readers.segment import Samples, Segment
from trainingops.activities.streams import MAX_POINTS, segment_streams

RANDOM = "00000000-0000-4000-8000-000000000000"
LISTS = ("elapsed_s", "moving_s", "distance_m", "heart_rate_bpm", "speed_m_s", "altitude_m")


def streams_path(session_id: str) -> str:
    return session_path(session_id) + "/streams"


def imported_session(api: Api, actor: str, athlete: str, data: bytes) -> str:
    response = upload(api, actor, athlete_path(api, athlete), data)
    assert response.status_code == 201, response.text
    session_id: str = response.json()["segments"][0]["session"]["id"]
    return session_id


def test_the_athlete_and_their_staff_read_the_streams_of_a_recorded_run(api: Api) -> None:
    data = run_fit(days_ago(5, 7), moving_s=600, speed_m_s=3.2, hr=150)  # a record every 5 s
    session_id = imported_session(api, "A1", "a1", data)
    for actor in ("A1", "C1"):
        response = api.request(actor, "GET", streams_path(session_id))
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        assert (body["session_id"], body["segment_index"], body["format"]) == (session_id, 0, "fit")
        n = len(body["elapsed_s"])
        assert n == body["samples"] and all(len(body[name]) == n for name in LISTS)
        assert body["elapsed_s"][0] == 0 and body["elapsed_s"][-1] == 600
        distances = [d for d in body["distance_m"] if d is not None]
        assert distances == sorted(distances) and distances[-1] > 1900
        # The factory records 150 bpm plus one beat per minute of running, cycling every ten minutes.
        assert {round(v) for v in body["heart_rate_bpm"] if v is not None} == set(range(150, 160))
        speeds = [v for v in body["speed_m_s"][:-1] if v is not None]
        assert speeds and all(abs(v - 3.2) < 0.05 for v in speeds)


def test_a_hidden_session_is_404_like_a_random_one_and_a_session_without_a_file_says_so(api: Api) -> None:
    own = imported_session(api, "A1", "a1", run_fit(days_ago(6, 7), moving_s=300))
    for actor in ("A2", "C2", "U", "B1"):
        hidden = api.request(actor, "GET", streams_path(own))
        missing = api.request(actor, "GET", streams_path(RANDOM))
        assert answer(hidden) == answer(missing) == (404, "session_not_found"), actor
        assert hidden.content == missing.content
    no_file = str(api.world.sessions["a1_coach"])
    assert answer(api.request("C1", "GET", streams_path(no_file))) == (404, "activity_file_not_found")
    assert answer(api.client.get(streams_path(own))) == (401, "unauthenticated")


def test_a_file_of_two_programs_gives_its_streams_to_the_athlete_only(api: Api) -> None:
    day, ids = _two_program_day(api)
    assert upload(api, "D", athlete_path(api, "d"), _run_and_ride(day)).status_code == 201
    ride = api.request("D", "GET", streams_path(str(ids["ride"])))
    assert ride.status_code == 200, ride.text
    assert ride.json()["segment_index"] == 1
    assert answer(api.request("C1", "GET", streams_path(str(ids["run"])))) == (403, "activity_file_download_restricted")


def _segment(n: int) -> Segment:
    t = np.arange(n, dtype=np.float64) + 1_700_000_000
    nan = np.full(n, np.nan)
    hr = np.where(np.arange(n) % 2 == 0, 140.0, 160.0)
    samples = Samples(t, np.arange(n, dtype=np.float64) * 3.0, hr, nan, nan, nan)
    running = np.array([[t[0], t[-1]]])
    start = datetime.fromtimestamp(t[0], UTC)
    return Segment(
        "fit", "running", None, start, n - 1.0, n - 1.0, 3.0 * (n - 1), [], samples, running, Device(None, None)
    )


def test_thinning_keeps_at_most_the_cap_and_averages_each_run_of_samples() -> None:
    body = segment_streams(_segment(3600))
    assert body["samples"] == 3600 and len(body["elapsed_s"]) == MAX_POINTS
    # Alternating 140/160 bpm averages near 150 in every run of 3–4 samples, never one extreme or the other.
    assert all(v is not None and 145 < v < 155 for v in body["heart_rate_bpm"])
    assert all(v is None for v in body["altitude_m"])
    assert all(abs(v - 3.0) < 1e-9 for v in body["speed_m_s"][:-1] if v is not None)
    short = segment_streams(_segment(10))
    assert short["samples"] == 10 and short["elapsed_s"] == [float(i) for i in range(10)]
