-- =====================================================================================================
-- 0013 — Planning contracts (issue 12, item 3): the coach's session RPE is kept; a practice lies within its
-- season; an override changes a workout the athlete is given; a practice's version covers its workouts and
-- overrides, so its ETag protects publish and cancel.
-- =====================================================================================================

-- -----------------------------------------------------------------------------------------------------
-- workouts.planned_rpe: the coach's rating, or an estimate from the steps
--
-- Session RPE is one rating of the whole session (Foster et al. 2001, J Strength Cond Res 15(1):109-115),
-- not an average of its parts: a duration-weighted mean of the steps' RPE dilutes hard repeats with their
-- easy recoveries (4 × 400 m at 8 with 200 m jogs at 3 averages 4). A value the coach sets is kept — step
-- edits leave it alone; without one, the estimate from the steps is stored, marked as such, and recomputed
-- whenever the steps change.
--
-- Existing workouts: before this migration the steps' estimate replaced any value the coach gave, so a workout
-- with an RPE target on any step holds an estimate ('steps', the default). One whose steps carry no RPE target
-- (or that has no steps) can only hold what the coach typed: it is marked 'coach'. Coach values that were
-- overwritten cannot be recovered; those workouts show as estimated until a coach sets one.
-- -----------------------------------------------------------------------------------------------------
alter table workouts
  add column planned_rpe_source text not null default 'steps',
  add constraint workouts_rpe_source_valid check (planned_rpe_source in ('coach', 'steps')),
  add constraint workouts_coach_rpe_given check (planned_rpe_source <> 'coach' or planned_rpe is not null);
alter table workouts
  add column planned_rpe_estimated boolean
    generated always as (planned_rpe is not null and planned_rpe_source = 'steps') stored;

update workouts w set planned_rpe_source = 'coach'
where w.planned_rpe is not null
  and not exists (select from workout_steps ws where ws.workout_id = w.id and ws.intensity_rpe is not null);

comment on column workouts.planned_rpe is
  'Planned session RPE, 1–10: a whole-session rating (Foster et al. 2001). The coach''s value when '
  'planned_rpe_source = ''coach''; otherwise an estimate from the steps (the duration-weighted mean of their RPE '
  'targets, rounded), recomputed when the steps change.';
comment on column workouts.planned_rpe_source is
  '''coach'': set by the coach and kept when the steps change; ''steps'': estimated from the steps (null when they '
  'carry no RPE target).';
comment on column workouts.planned_rpe_estimated is 'True when planned_rpe is an estimate from the steps, not the coach''s rating.';
comment on constraint workouts_rpe_source_valid on workouts is 'The source of a planned RPE must be coach or steps.';
comment on constraint workouts_coach_rpe_given on workouts is 'A coach''s planned RPE needs a value between 1 and 10.';

