"""SQL of the wellness domain. Every statement runs as the caller: row-level security decides what exists and
which table (items or summary) a caller reads."""

from __future__ import annotations

from trainingops.roster.clock import ATHLETE_HOME

# The athlete (404 when hidden), their local today, and whether the caller is the athlete or reads the items.
CONTEXT = f"""
select h.today, h.id = app_private.my_athlete_id() as is_self,
       h.id = any (app_private.staff_athlete_ids_with('read_wellness')) as reads_items
from ({ATHLETE_HOME} where a.id = %(athlete)s) h
"""

_ITEM_COLUMNS = "sleep_quality, fatigue, muscle_soreness, stress, mood, sleep_hours, note"
_DAY = """json_build_object('checkin_date', w.checkin_date, 'wellness_total', w.wellness_total,
  'checked_in_at', w.updated_at, 'sleep_quality', w.sleep_quality, 'fatigue', w.fatigue,
  'muscle_soreness', w.muscle_soreness, 'stress', w.stress, 'mood', w.mood, 'sleep_hours', w.sleep_hours,
  'note', w.note, 'version', w.version)"""
ONE = f"""
select (jsonb_build_object('athlete_id', w.athlete_id) || {_DAY}::jsonb)::text as body, w.version,
       row({_ITEM_COLUMNS}) is not distinct from row(%(sleep_quality)s::smallint, %(fatigue)s::smallint, %(muscle_soreness)s::smallint,
           %(stress)s::smallint, %(mood)s::smallint, %(sleep_hours)s::numeric, %(note)s::text) as same
from wellness_checkins w where w.athlete_id = %(athlete)s and w.checkin_date = %(day)s
"""
ONE_FOR_UPDATE = ONE + " for update"

INSERT = f"""
insert into wellness_checkins (athlete_id, checkin_date, {_ITEM_COLUMNS})
values (%(athlete)s, %(day)s, %(sleep_quality)s, %(fatigue)s, %(muscle_soreness)s, %(stress)s, %(mood)s,
        %(sleep_hours)s, %(note)s)
"""
UPDATE = """
update wellness_checkins set sleep_quality = %(sleep_quality)s, fatigue = %(fatigue)s,
  muscle_soreness = %(muscle_soreness)s, stress = %(stress)s, mood = %(mood)s, sleep_hours = %(sleep_hours)s,
  note = %(note)s
where athlete_id = %(athlete)s and checkin_date = %(day)s
"""

LIST_ITEMS = f"""
select coalesce(json_agg({_DAY} order by w.checkin_date), '[]')::text as items
from wellness_checkins w
where w.athlete_id = %(athlete)s and w.checkin_date between %(from)s and %(to)s
"""
LIST_SUMMARY = """
select coalesce(json_agg(json_build_object('checkin_date', w.checkin_date, 'wellness_total', w.wellness_total,
  'checked_in_at', w.checked_in_at, 'sleep_quality', null, 'fatigue', null, 'muscle_soreness', null, 'stress', null,
  'mood', null, 'sleep_hours', null, 'note', null, 'version', null) order by w.checkin_date), '[]')::text as items
from wellness_summaries w
where w.athlete_id = %(athlete)s and w.checkin_date between %(from)s and %(to)s
"""

# The readiness model's input: each athlete's daily totals in a window (the summary, which every staff member of
# the athlete reads, so readiness is the same number for everyone who sees it).
TOTALS = """
select w.athlete_id, w.checkin_date, w.wellness_total from wellness_summaries w
where w.athlete_id = any (%(athletes)s::uuid[]) and w.checkin_date between %(from)s and %(to)s
"""
