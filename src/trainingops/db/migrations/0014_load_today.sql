-- =====================================================================================================
-- 0014 — Local dates for sessions without a scheduled date; an athlete's home program chosen by season dates.
--
-- session_date was a generated column, coalesce(scheduled_date, UTC date of completed_at): a session completed at
-- 23:30 in Chicago (05:30 UTC) without a scheduled date landed on the next day, in every list and in the load
-- models. A generated column cannot look up a time zone, so it becomes a plain column kept by the first BEFORE
-- trigger (sessions_belonging, which already repeated its expression): scheduled_date, else the local date of
-- completed_at in the session's program — its season's, else its coach's, else the athlete's home program at the
-- moment of completion, else UTC. Existing rows are corrected below.
--
-- An athlete's "home" program (the one whose time zone and load settings their own views use) was their most
-- recently created roster entry; entries created together tie, so a transferred athlete could get her old
-- program. It is now chosen by season dates: a season that contains the day first, then a non-inactive entry,
-- then the season that starts last (and ends last), then the program id — one answer for the same data.
-- =====================================================================================================

-- Security invoker: called by an API query it sees the roster entries the caller may see (RLS); called from the
-- trigger below (security definer) it sees every entry.
create function app_private.athlete_home_program(p_athlete uuid, p_at timestamptz) returns uuid
language sql stable
set search_path = pg_catalog
as $$
  select r.program_id
  from public.roster_entries r
  join public.team_seasons ts on ts.id = r.team_season_id
  join public.programs p on p.id = r.program_id
  where r.athlete_id = p_athlete
  order by (p_at at time zone p.time_zone)::date between ts.start_date and ts.end_date desc,
           r.status <> 'inactive' desc, ts.start_date desc, ts.end_date desc, r.program_id, r.id
  limit 1
$$;
revoke all on function app_private.athlete_home_program(uuid, timestamptz) from public;
grant execute on function app_private.athlete_home_program(uuid, timestamptz) to trainingops_app;
comment on function app_private.athlete_home_program(uuid, timestamptz) is
  'The program an athlete belongs to at a moment: their roster entry whose season contains that (local) day, '
  'non-inactive first, else the latest season; deterministic. Security invoker (RLS applies to the caller).';

-- The local calendar day of a completion in the session's program time zone.
create function app_private.session_local_date(p_athlete uuid, p_season uuid, p_coach uuid, p_at timestamptz)
returns date
language sql stable security definer
set search_path = pg_catalog
as $$
  select (p_at at time zone coalesce(
    (select p.time_zone from public.team_seasons ts join public.programs p on p.id = ts.program_id
     where ts.id = p_season),
    (select p.time_zone from public.program_members pm join public.programs p on p.id = pm.program_id
     where pm.id = p_coach),
    (select p.time_zone from public.programs p where p.id = app_private.athlete_home_program(p_athlete, p_at)),
    'UTC'))::date
$$;
revoke all on function app_private.session_local_date(uuid, uuid, uuid, timestamptz) from public;
comment on function app_private.session_local_date(uuid, uuid, uuid, timestamptz) is
  'Local date of a moment in a session''s program time zone (season, else coach, else the athlete''s home '
  'program, else UTC).';

alter table athlete_training_sessions alter column session_date drop expression;

create or replace function app_private.set_session_program_ids() returns trigger
language plpgsql security definer set search_path = pg_catalog
as $$
declare
  day date := coalesce(new.scheduled_date,
                       app_private.session_local_date(new.athlete_id, new.team_season_id, new.coach_member_id,
                                                      new.completed_at));
begin
  if tg_op = 'INSERT' or new.athlete_id <> old.athlete_id
     or new.team_season_id is distinct from old.team_season_id
     or new.coach_member_id is distinct from old.coach_member_id
     or new.scheduled_date is distinct from old.scheduled_date
     or new.completed_at is distinct from old.completed_at
     or day is distinct from old.session_date then
    new.program_ids := app_private.session_program_ids(new.athlete_id, new.team_season_id, new.coach_member_id,
                                                       day);
  elsif new.program_ids is distinct from old.program_ids and pg_catalog.pg_trigger_depth() < 2
        and not app_private.is_administrative() then
    -- As in 0011: a direct write of program_ids by a non-administrative role is refused (the column grants
    -- already refuse it).
    raise exception using errcode = 'insufficient_privilege',
      message = 'program_ids is kept by the database and cannot be written.';
  end if;
  -- Always derived, never written: whatever a statement put in session_date is replaced.
  new.session_date := day;
  return new;
end
$$;

-- Sessions without a scheduled date: their local day (the trigger computes it; program_ids follow).
update athlete_training_sessions set session_date = null where scheduled_date is null;

-- Not null by sessions_has_date (scheduled_date or completed_at, and the trigger derives the day from either);
-- no NOT NULL of its own, so a row without either gets that constraint's sentence, not a generic one.

comment on column athlete_training_sessions.session_date is
  'The day of the session: scheduled_date, else the local date of completed_at in the session''s program time '
  'zone (season, else coach, else the athlete''s home program, else UTC). Kept by the trigger sessions_belonging; '
  'for sorting, paging and the load models.';
