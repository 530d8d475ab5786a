"""The statements of a roster import (``roster_import``): stage, resolve, check, write, report. Every one runs as
the caller: row-level security decides which athletes, groups and entries exist, and the writes pass every policy
and trigger of migration 0017 (only the program's own athletes go on its roster)."""

from __future__ import annotations

STAGE = """
create temporary table roster_import_rows (
  line int, name text, email text, event_group text, status text, sex text, date_of_birth date,
  event_group_id uuid, group_archived boolean, athlete_id uuid, matched text, candidates int, entry_id uuid,
  entry text,
  key text generated always as (coalesce(lower(email), 'name:' || lower(name))) stored
) on commit drop
"""

COPY = "copy roster_import_rows (line, name, email, event_group, status, sex, date_of_birth) from stdin"

RESOLVE_GROUPS = """
update roster_import_rows t set event_group_id = g.id, group_archived = g.archived_at is not null
from event_groups g
where g.program_id = %(program)s and lower(g.name) = lower(t.event_group)
"""

# The program's athletes (created by it, or ever on one of its rosters) that a row names: by email; else by name,
# among those without an email when the row gives one (its email is then filled in) and among all when it does
# not. More than one candidate is a row error (CHECK).
MATCH_ATHLETES = """
with ours as materialized (
  select a.id, lower(a.email) as email, lower(a.name) as name
  from athletes a
  where a.created_in_program_id = %(program)s
     or exists (select from roster_entries r where r.athlete_id = a.id and r.program_id = %(program)s)),
by_email as (
  select t.line, (array_agg(o.id))[1] as id, count(*) as n
  from roster_import_rows t join ours o on o.email = lower(t.email)
  group by t.line),
by_name as (
  select t.line, (array_agg(o.id))[1] as id, count(*) as n
  from roster_import_rows t join ours o on o.name = lower(t.name) and (t.email is null or o.email is null)
  where t.line not in (select line from by_email)
  group by t.line),
found as (select line, id, n, 'email' as how from by_email union all select line, id, n, 'name' from by_name)
update roster_import_rows t set athlete_id = case when f.n = 1 then f.id end, matched = f.how, candidates = f.n
from found f
where t.line = f.line
"""

# An athlete already on the season's roster in the row's group: reported, not added again.
FIND_ENTRIES = """
update roster_import_rows t set entry_id = r.id, entry = 'existing'
from roster_entries r
where r.team_season_id = %(season)s and r.athlete_id = t.athlete_id and r.event_group_id is not distinct from t.event_group_id
"""

CHECK = """
with person as (
  select t.*, coalesce(t.athlete_id::text, t.key) as who,
         first_value(t.line) over (partition by coalesce(t.athlete_id::text, t.key), t.event_group_id order by t.line)
           as first_in_group,
         first_value(t.line) over (partition by lower(t.email) order by t.line) as first_with_email,
         first_value(lower(t.name)) over (partition by lower(t.email) order by t.line) as name_with_email
  from roster_import_rows t),
problems as (
  select line, 'event_group' as column_name, 'no event group named "' || event_group || '" in this program' as detail
  from person where event_group is not null and event_group_id is null
  union all
  select line, 'event_group', 'the event group "' || event_group || '" is archived' from person where group_archived
  union all
  select line, matched, candidates || ' athletes of this program have this ' || matched
         || case when matched = 'name' then '; give the email of the one you mean' else '; correct their emails first' end
  from person where candidates > 1
  union all
  select line, 'name', 'the same athlete and event group as row ' || first_in_group
  from person where line <> first_in_group
  union all
  select line, 'email', 'the same email as row ' || first_with_email || ' with another name'
  from person where email is not null and athlete_id is null and matched is null and lower(name) <> name_with_email)
select line, column_name, detail, count(*) over () as total
from problems
order by line, column_name
limit %(limit)s
"""

# New athletes of the program, one per person (email, else name), then the roster entries: both server-generated,
# each statement's new ids taken back into the staging table.
CREATE_ATHLETES = """
with created as (
  insert into athletes (name, sex, date_of_birth, email, created_in_program_id)
  select distinct on (key) name, sex, date_of_birth, email, %(program)s
  from roster_import_rows where athlete_id is null
  order by key, line
  returning id, coalesce(lower(email), 'name:' || lower(name)) as key)
update roster_import_rows t set athlete_id = c.id
from created c
where t.athlete_id is null and t.key = c.key
"""

FILL_EMAILS = """
update athletes a set email = t.email
from roster_import_rows t
where t.matched = 'name' and t.email is not null and a.id = t.athlete_id and a.email is null
"""

CREATE_ENTRIES = """
with created as (
  insert into roster_entries (program_id, team_season_id, athlete_id, event_group_id, status)
  select %(program)s, %(season)s, athlete_id, event_group_id, status
  from roster_import_rows where entry_id is null
  order by line
  returning id, athlete_id, event_group_id)
update roster_import_rows t set entry_id = c.id, entry = 'created'
from created c
where t.entry_id is null and t.athlete_id = c.athlete_id and t.event_group_id is not distinct from c.event_group_id
"""

# The invitations of the rows with an email, one per athlete: to claim the profile, unless someone has (it is
# linked to an account) or an unexpired invitation for it is pending already. Then, on a dry run, their count.
PENDING_INVITATION = """
exists (select from invitations i where i.program_id = %(program)s and i.athlete_id = t.athlete_id
        and i.accepted_at is null and i.revoked_at is null and i.expires_at > now())
"""
INVITE = f"""
insert into invitations (program_id, email, role, athlete_id, invited_by)
select distinct on (t.athlete_id) %(program)s, t.email, 'athlete', t.athlete_id, app_private.current_user_id()
from roster_import_rows t join athletes a on a.id = t.athlete_id
where t.email is not null and a.user_id is null and not {PENDING_INVITATION}
order by t.athlete_id, t.line
returning id
"""
WOULD_INVITE = f"""
select count(distinct t.key) as invitations from roster_import_rows t left join athletes a on a.id = t.athlete_id
where t.email is not null and (t.athlete_id is null or (a.user_id is null and not {PENDING_INVITATION}))
"""

REPORT = """
select json_build_object(
  'team_season_id', %(season)s::uuid, 'dry_run', %(dry_run)s::boolean, 'rows', count(*),
  'athletes_created', count(distinct t.key) filter (where t.matched is null),
  'athletes_matched', count(distinct t.athlete_id) filter (where t.matched is not null),
  'entries_created', count(*) filter (where t.entry is distinct from 'existing'),
  'entries_existing', count(*) filter (where t.entry = 'existing'),
  'items', coalesce(json_agg(json_build_object(
    'row', t.line, 'name', t.name, 'athlete_id', t.athlete_id,
    'athlete', case when t.matched is null then 'created' else 'matched' end,
    'roster_entry_id', t.entry_id, 'entry', coalesce(t.entry, 'created')) order by t.line), '[]'))::text as body
from roster_import_rows t
"""
