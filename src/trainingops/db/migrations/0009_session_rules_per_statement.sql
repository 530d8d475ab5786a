-- =====================================================================================================
-- 0009 — The session rules are checked once per statement, set-based, instead of once per row.
--
-- The two rules of 0001 (the coach is staff of the season's program; a session is not completed in the future)
-- ran as a BEFORE ROW trigger: a function call and a look-up for every row, about 11 µs per inserted row
-- (bench/csv_import.py). They are the same rules, now checked by AFTER STATEMENT triggers over the statement's
-- transition tables: one query for all rows. A violation still aborts the statement with the same constraint
-- name and message, so nothing is written; only the moment moves, after the rows' own checks.
-- =====================================================================================================

drop trigger sessions_rules on athlete_training_sessions;
drop function app_private.check_session_rules();

-- On insert every row is checked; on update only the rows whose coach or season (first rule) or completion
-- time (second rule) changed, as before.
create function app_private.check_session_rules() returns trigger
language plpgsql
security definer
set search_path = pg_catalog
as $$
declare
  coach_outside_season boolean;
  completed_in_future boolean;
begin
  if tg_op = 'INSERT' then
    select bool_or(n.coach_member_id is not null and n.team_season_id is not null
                   and not exists (select from public.program_members pm
                                   join public.team_seasons ts on ts.program_id = pm.program_id
                                   where pm.id = n.coach_member_id and ts.id = n.team_season_id)),
           -- Five minutes of clock skew between a watch or phone and the server is tolerated.
           bool_or(n.completed_at > now() + interval '5 minutes')
    into coach_outside_season, completed_in_future
    from new_rows n;
  else
    select bool_or(n.coach_member_id is not null and n.team_season_id is not null
                   and (n.coach_member_id is distinct from o.coach_member_id
                        or n.team_season_id is distinct from o.team_season_id)
                   and not exists (select from public.program_members pm
                                   join public.team_seasons ts on ts.program_id = pm.program_id
                                   where pm.id = n.coach_member_id and ts.id = n.team_season_id)),
           bool_or(n.completed_at is distinct from o.completed_at and n.completed_at > now() + interval '5 minutes')
    into coach_outside_season, completed_in_future
    from new_rows n join old_rows o on o.id = n.id;
  end if;
  if coach_outside_season then
    perform app_private.raise_rule('sessions_coach_in_season_program',
      'The coach must be a staff member of the program that the season belongs to.');
  end if;
  if completed_in_future then
    perform app_private.raise_rule('sessions_completed_at_not_future', 'A session cannot be completed in the future.');
  end if;
  return null;
end
$$;
revoke all on function app_private.check_session_rules() from public;

create trigger sessions_rules_insert after insert on athlete_training_sessions
  referencing new table as new_rows for each statement execute function app_private.check_session_rules();
create trigger sessions_rules_update after update on athlete_training_sessions
  referencing old table as old_rows new table as new_rows
  for each statement execute function app_private.check_session_rules();
