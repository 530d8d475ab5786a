-- =====================================================================================================
-- 0008 — Session history: inserts and deletes store the row itself, not a per-field wrapper.
--
-- The history of an inserted (or deleted) session is the row: every filled field. 0002 stored it as
-- {field: {"new": value}} (deletes: {"old": value}), built with jsonb_each + jsonb_object_agg for every row;
-- on a bulk insert that wrapping cost about 20 µs per row, a quarter of the whole insert (bench/csv_import.py).
-- Now the row is stored as {field: value}; the API's history route puts the wrapper back on reading
-- (sessions/service.py), so its answers do not change. Updates keep {field: {"old": …, "new": …}}.
-- =====================================================================================================

create or replace function app_private.record_session_history() returns trigger
language plpgsql security definer set search_path = pg_catalog
as $$
declare
  skip constant text[] := '{updated_at,version,created_at,program_ids,session_date}';
begin
  -- One set-based INSERT per statement, however many rows it changed: inserts record the filled fields,
  -- deletes the filled fields as they were, updates the fields that differ as {"old", "new"} (no-op updates
  -- record nothing).
  if tg_op = 'INSERT' then
    insert into public.athlete_training_session_history (session_id, athlete_id, operation, changed_by, changes)
    select n.id, n.athlete_id, 'insert', app_private.current_user_id(), jsonb_strip_nulls(to_jsonb(n)) - skip
    from new_rows n;
  elsif tg_op = 'UPDATE' then
    insert into public.athlete_training_session_history (session_id, athlete_id, operation, changed_by, changes)
    select n.id, n.athlete_id, 'update', app_private.current_user_id(), d.changes
    from new_rows n
    join old_rows o on o.id = n.id
    cross join lateral (
      select jsonb_object_agg(ne.key, jsonb_build_object('old', oe.value, 'new', ne.value)) as changes
      from jsonb_each(to_jsonb(n)) ne join jsonb_each(to_jsonb(o)) oe on oe.key = ne.key
      where ne.key <> all (skip) and ne.value is distinct from oe.value) d
    where d.changes is not null;
  else
    insert into public.athlete_training_session_history (session_id, athlete_id, operation, changed_by, changes)
    select o.id, o.athlete_id, 'delete', app_private.current_user_id(), jsonb_strip_nulls(to_jsonb(o)) - skip
    from old_rows o;
  end if;
  return null;
end
$$;
revoke all on function app_private.record_session_history() from public;

-- Rows written before this migration: unwrap to the same shape.
update athlete_training_session_history h
set changes = (select coalesce(jsonb_object_agg(e.key, e.value -> (case h.operation when 'insert' then 'new'
                                                                                     else 'old' end)), '{}')
               from jsonb_each(h.changes) e)
where h.operation in ('insert', 'delete');

comment on column athlete_training_session_history.changes is
  'insert: the fields of the new row that are not null, {field: value}; delete: the same of the row as it was; '
  'update: the fields that changed, {field: {"old": value, "new": value}}. Bookkeeping columns are left out.';
