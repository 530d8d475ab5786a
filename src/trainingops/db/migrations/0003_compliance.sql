-- =====================================================================================================
-- 0003 — Compliance of what was done against what was planned, one definition for every query.
--
-- TrainingPeaks' documented bands (help.trainingpeaks.com, "Workout compliance colors"), on the actual/plan
-- percentage rounded to a whole percent: green 80–120 %, yellow 50–79 % or 121–150 %, red otherwise.
-- IMMUTABLE LANGUAGE sql without SET clauses, so the planner inlines them into the calling query.
-- =====================================================================================================

create function app_private.compliance_percent(planned numeric, actual numeric) returns integer
language sql immutable parallel safe
as $$ select case when planned > 0 and actual is not null then round(100 * actual / planned)::integer end $$;

create function app_private.compliance_band(percent integer) returns text
language sql immutable parallel safe
as $$
  select case
    when percent is null then null
    when percent between 80 and 120 then 'green'
    when percent between 50 and 150 then 'yellow'
    else 'red'
  end
$$;

comment on function app_private.compliance_percent(numeric, numeric) is
  'Actual as a whole percentage of planned; null when either side is missing or the plan is 0.';
comment on function app_private.compliance_band(integer) is
  'TrainingPeaks compliance band of a percentage: green 80–120, yellow 50–79 or 121–150, red otherwise.';

revoke all on function app_private.compliance_percent(numeric, numeric), app_private.compliance_band(integer)
  from public;
grant execute on function app_private.compliance_percent(numeric, numeric), app_private.compliance_band(integer)
  to trainingops_app;
