-- =====================================================================================================
-- 0010 — Load-model settings per program: window lengths, time constants and the smoothing form.
--
-- A program without a row uses the published defaults (trainingops.load.settings, docs/load-model.md). The
-- staff of a program may change them; its athletes may read them (their load numbers are computed with them).
-- =====================================================================================================

create table program_load_settings (
  program_id     uuid primary key references programs (id) on delete cascade,
  acute_days     integer not null default 7,
  chronic_days   integer not null default 28,
  ctl_days       double precision not null default 42,
  atl_days       double precision not null default 7,
  smoothing      text not null default 'exponential',
  monotony_ddof  integer not null default 0,
  updated_by     uuid references users (id) on delete set null,
  created_at     timestamptz not null default now(),
  updated_at     timestamptz not null default now(),
  version        integer not null default 1,
  constraint program_load_settings_acute_range check (acute_days between 2 and 14),
  constraint program_load_settings_chronic_range check (chronic_days between 14 and 56),
  constraint program_load_settings_windows_ordered check (acute_days < chronic_days),
  constraint program_load_settings_ctl_range check (ctl_days between 14 and 90),
  constraint program_load_settings_atl_range check (atl_days between 2 and 21),
  constraint program_load_settings_constants_ordered check (atl_days < ctl_days),
  constraint program_load_settings_smoothing_valid check (smoothing in ('exponential', 'reciprocal')),
  constraint program_load_settings_ddof_valid check (monotony_ddof in (0, 1))
);

create trigger program_load_settings_touch before update on program_load_settings
  for each row execute function app_private.touch_row();

comment on table program_load_settings is
  'The load and readiness models'' settings for one program; a program without a row uses the published '
  'defaults (acute 7 d, chronic 28 d, CTL 42 d, ATL 7 d, exponential smoothing, population SD).';
comment on column program_load_settings.program_id is 'The program (one row at most per program).';
comment on column program_load_settings.acute_days is 'Acute window N for the acute:chronic ratio, days (Williams et al. 2017: 7).';
comment on column program_load_settings.chronic_days is 'Chronic window N for the acute:chronic ratio, days (Williams et al. 2017: 28).';
comment on column program_load_settings.ctl_days is 'Fitness (CTL) time constant, days (TrainingPeaks / GoldenCheetah: 42).';
comment on column program_load_settings.atl_days is 'Fatigue (ATL) time constant, days (TrainingPeaks / GoldenCheetah: 7).';
comment on column program_load_settings.smoothing is
  'How a time constant T becomes the daily factor k: exponential (1 − e^(−1/T), GoldenCheetah) or reciprocal (1/T, TrainingPeaks).';
comment on column program_load_settings.monotony_ddof is
  'Standard deviation for Foster''s monotony: 0 = population (÷ n), 1 = sample (÷ n − 1).';
comment on column program_load_settings.updated_by is 'Who last changed the settings.';
comment on column program_load_settings.created_at is 'When the row was created.';
comment on column program_load_settings.updated_at is 'When the row last changed (kept by a trigger).';
comment on column program_load_settings.version is 'Incremented by a trigger on every change; the API''s ETag.';
comment on constraint program_load_settings_acute_range on program_load_settings is
  'The acute window must be between 2 and 14 days.';
comment on constraint program_load_settings_chronic_range on program_load_settings is
  'The chronic window must be between 14 and 56 days.';
comment on constraint program_load_settings_windows_ordered on program_load_settings is
  'The acute window must be shorter than the chronic window.';
comment on constraint program_load_settings_ctl_range on program_load_settings is
  'The fitness (CTL) time constant must be between 14 and 90 days.';
comment on constraint program_load_settings_atl_range on program_load_settings is
  'The fatigue (ATL) time constant must be between 2 and 21 days.';
comment on constraint program_load_settings_constants_ordered on program_load_settings is
  'The fatigue (ATL) time constant must be shorter than the fitness (CTL) one.';
comment on constraint program_load_settings_smoothing_valid on program_load_settings is
  'Smoothing must be exponential or reciprocal.';
comment on constraint program_load_settings_ddof_valid on program_load_settings is
  'monotony_ddof must be 0 (population SD) or 1 (sample SD).';

alter table program_load_settings enable row level security;
alter table program_load_settings force row level security;
create policy program_load_settings_select on program_load_settings for select to trainingops_app
  using (program_id = any ((select app_private.staff_program_ids())::uuid[])
         or program_id = any ((select app_private.my_program_ids())::uuid[]));
create policy program_load_settings_insert on program_load_settings for insert to trainingops_app
  with check (program_id = any ((select app_private.staff_program_ids())::uuid[])
              and updated_by = (select app_private.current_user_id()));
create policy program_load_settings_update on program_load_settings for update to trainingops_app
  using (program_id = any ((select app_private.staff_program_ids())::uuid[]))
  with check (program_id = any ((select app_private.staff_program_ids())::uuid[])
              and updated_by = (select app_private.current_user_id()));
create policy program_load_settings_delete on program_load_settings for delete to trainingops_app
  using (program_id = any ((select app_private.staff_program_ids())::uuid[]));
grant select, insert, update, delete on program_load_settings to trainingops_app;
