"""FIT files written by the tests themselves with fit_tool (an encoder from PyPI), for edge cases.

Each ``SessionSpec`` becomes a timer start event, records every ``step_s`` seconds while the timer runs,
stop/start events around each pause, one lap and one session; several specs make a multisport file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from fit_tool.fit_file_builder import FitFileBuilder
from fit_tool.profile.messages.activity_message import ActivityMessage
from fit_tool.profile.messages.event_message import EventMessage
from fit_tool.profile.messages.file_id_message import FileIdMessage
from fit_tool.profile.messages.lap_message import LapMessage
from fit_tool.profile.messages.length_message import LengthMessage
from fit_tool.profile.messages.record_message import RecordMessage
from fit_tool.profile.messages.session_message import SessionMessage
from fit_tool.profile.messages.workout_message import WorkoutMessage
from fit_tool.profile.profile_type import (
    Event,
    EventType,
    FileType,
    LengthType,
    Manufacturer,
    Sport,
    SubSport,
)


def ms(when: datetime) -> int:
    return round(when.timestamp() * 1000)


@dataclass
class SessionSpec:
    start: datetime
    moving_s: int
    sport: Sport = Sport.RUNNING
    sub_sport: SubSport = SubSport.GENERIC
    speed_m_s: float = 3.0
    hr: int | None = 150
    gps: bool = True
    altitude: bool = True
    step_s: int = 5
    pauses: list[tuple[int, int]] = field(default_factory=list)  # (moving second it starts at, length s)
    pool_length_m: float | None = None
    write_session: bool = True

    @property
    def elapsed_s(self) -> int:
        return self.moving_s + sum(length for _, length in self.pauses)

    @property
    def distance_m(self) -> float:
        return self.moving_s * self.speed_m_s


def _event(when: datetime, kind: EventType) -> EventMessage:
    message = EventMessage()
    message.event = Event.TIMER
    message.event_type = kind
    message.timestamp = ms(when)
    return message


def _records(spec: SessionSpec, builder: FitFileBuilder) -> None:
    pauses = sorted(spec.pauses)
    wall = 0
    for moving in range(0, spec.moving_s + 1, spec.step_s):
        for at, length in pauses:
            if at == moving and moving != 0:
                builder.add(_event(spec.start + timedelta(seconds=moving + wall), EventType.STOP_ALL))
                wall += length
                builder.add(_event(spec.start + timedelta(seconds=moving + wall), EventType.START))
        record = RecordMessage()
        record.timestamp = ms(spec.start + timedelta(seconds=moving + wall))
        record.distance = moving * spec.speed_m_s
        if spec.gps:
            record.position_lat = 45.0 + moving * spec.speed_m_s / 111_195.0
            record.position_long = 14.0
        if spec.altitude:
            record.altitude = 300.0 + 20.0 * ((moving // 300) % 2)  # 20 m steps up and down
        if spec.hr is not None:
            record.heart_rate = spec.hr + (moving // 60) % 10
        record.cadence = 85
        builder.add(record)


def _lengths(spec: SessionSpec, builder: FitFileBuilder) -> int:
    assert spec.pool_length_m
    per_length = round(spec.pool_length_m / spec.speed_m_s)
    count = spec.moving_s // per_length
    for index in range(count):
        start = spec.start + timedelta(seconds=index * per_length)
        length = LengthMessage()
        length.message_index = index
        length.start_time = ms(start)
        length.timestamp = ms(start + timedelta(seconds=per_length))
        length.total_elapsed_time = per_length
        length.total_timer_time = per_length
        length.length_type = LengthType.ACTIVE
        builder.add(length)
        record = RecordMessage()
        record.timestamp = ms(start + timedelta(seconds=per_length))
        record.distance = (index + 1) * spec.pool_length_m
        builder.add(record)
    return count


def _summary(spec: SessionSpec, builder: FitFileBuilder, index: int, lengths: int | None) -> None:
    end = spec.start + timedelta(seconds=spec.elapsed_s)
    distance = lengths * spec.pool_length_m if lengths is not None and spec.pool_length_m else spec.distance_m
    lap = LapMessage()
    lap.message_index = index
    lap.timestamp = ms(end)
    lap.start_time = ms(spec.start)
    lap.total_elapsed_time = spec.elapsed_s
    lap.total_timer_time = spec.moving_s
    lap.total_distance = distance
    lap.sport = spec.sport
    if spec.hr is not None:
        lap.avg_heart_rate = spec.hr + 4
        lap.max_heart_rate = spec.hr + 9
    builder.add(lap)
    if not spec.write_session:
        return
    session = SessionMessage()
    session.message_index = index
    session.timestamp = ms(end)
    session.start_time = ms(spec.start)
    session.total_elapsed_time = spec.elapsed_s
    session.total_timer_time = spec.moving_s
    session.total_distance = distance
    session.sport = spec.sport
    session.sub_sport = spec.sub_sport
    session.first_lap_index = index
    session.num_laps = 1
    if spec.hr is not None:
        session.avg_heart_rate = spec.hr + 4
        session.max_heart_rate = spec.hr + 9
    if spec.pool_length_m:
        session.pool_length = spec.pool_length_m
        session.num_active_lengths = lengths
    builder.add(session)


def _file_id(builder: FitFileBuilder, file_type: FileType, created: datetime) -> None:
    message = FileIdMessage()
    message.type = file_type
    message.manufacturer = Manufacturer.DEVELOPMENT.value
    message.product = 0
    message.time_created = ms(created)
    message.serial_number = 0x12345678
    builder.add(message)


def build_activity_fit(*specs: SessionSpec) -> bytes:
    builder = FitFileBuilder(auto_define=True, min_string_size=50)
    _file_id(builder, FileType.ACTIVITY, specs[0].start)
    for index, spec in enumerate(specs):
        builder.add(_event(spec.start, EventType.START))
        lengths = _lengths(spec, builder) if spec.pool_length_m else None
        if lengths is None:
            _records(spec, builder)
        builder.add(_event(spec.start + timedelta(seconds=spec.elapsed_s), EventType.STOP_ALL))
        _summary(spec, builder, index, lengths)
    last = specs[-1]
    activity = ActivityMessage()
    activity.timestamp = ms(last.start + timedelta(seconds=last.elapsed_s))
    activity.num_sessions = sum(spec.write_session for spec in specs)
    activity.total_timer_time = sum(spec.moving_s for spec in specs)
    builder.add(activity)
    data: bytes = builder.build().to_bytes()
    return data


def build_workout_fit(created: datetime) -> bytes:
    builder = FitFileBuilder(auto_define=True, min_string_size=50)
    _file_id(builder, FileType.WORKOUT, created)
    workout = WorkoutMessage()
    workout.workout_name = "Tempo"
    workout.sport = Sport.RUNNING
    workout.num_valid_steps = 0
    builder.add(workout)
    data: bytes = builder.build().to_bytes()
    return data
