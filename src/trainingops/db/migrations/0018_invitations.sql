-- =====================================================================================================
-- 0018 — Invitations: people join a program by an emailed, single-use, expiring link (issue 14).
--
-- A program's staff invite an email to a role: a staff role (program_admin, head_coach, assistant_coach,
-- strength_coach, athletic_trainer) or `athlete`, naming one of the program's athlete records. The invitation
-- is a row of `invitations` (forced RLS, read and written by the staff who may send it); its link is a
-- 256-bit token of which only the SHA-256 is kept, in app_private.one_time_tokens (0016, purpose
-- 'invitation'), out of the API role's reach. A resend issues a new link and kills the old one.
--
-- Accepting is one definer call (accept_invitation): the link is used (once, before it expires, while the
-- invitation is pending), the account is created — or the existing account with the invitation's email is
-- used —, the account becomes the program's member with the role, or the athlete record is linked to it
-- (an account that already has an athlete profile takes the record's roster entries with it: a transfer), and a
-- sign-in session starts. Nobody else gets in this way: another program's athlete joins a roster only by
-- accepting (0017's may_roster holds for everyone else), and a signed-in caller accepts only invitations to
-- their own email.
--
-- Who invites (the capability, in app_private.invitation_capability):
--   a staff role  administer     (program_admin, head_coach)
--   athlete       manage_roster  (program_admin, head_coach, assistant_coach: who create athlete records and
--                                 import rosters, which invite the rows with an email)
-- Nobody invites to a role above their own: staff roles are invited only by administrators, the top of the
-- program (program_admin and head_coach hold the same administrative capability, 0017). Nobody is invited into
-- a program they are (or were) a member of: roles change and members come back through the members list.
-- =====================================================================================================

create table invitations (
  id           uuid primary key default gen_random_uuid(),
  program_id   uuid not null references programs (id) on delete cascade,
  email        text not null,
  role         text not null,
  athlete_id   uuid references athletes (id) on delete cascade,
  invited_by   uuid references users (id) on delete set null,
  created_at   timestamptz not null default now(),
  updated_at   timestamptz not null default now(),
  version      integer not null default 1,
  expires_at   timestamptz,
  sent_count   integer not null default 0,
  last_sent_at timestamptz,
  accepted_at  timestamptz,
  accepted_by  uuid references users (id) on delete set null,
  revoked_at   timestamptz,
  revoked_by   uuid references users (id) on delete set null,
  constraint invitations_email_format check (email ~ '^[^@\s]+@[^@\s]+$' and length(email) <= 320),
  constraint invitations_role_valid check (role in ('program_admin', 'head_coach', 'assistant_coach',
                                                    'strength_coach', 'athletic_trainer', 'athlete')),
  constraint invitations_athlete_for_athlete_role check ((role = 'athlete') = (athlete_id is not null)),
  constraint invitations_accepted_or_revoked check (accepted_at is null or revoked_at is null)
);
create index invitations_program_idx on invitations (program_id);
create index invitations_athlete_idx on invitations (athlete_id) where athlete_id is not null;

comment on table invitations is
  'An email invited to a program with a role (staff, or athlete naming the record to claim). Its link''s hash is in '
  'app_private.one_time_tokens; accepting makes the account a member or links the athlete record.';
comment on column invitations.id is 'The invitation.';
comment on column invitations.program_id is 'The program invited into.';
comment on column invitations.email is 'Where the link goes; only the account with this email can accept.';
comment on column invitations.role is 'The role the invitee gets: a staff role, or athlete.';
comment on column invitations.athlete_id is 'For role athlete: the program''s athlete record the invitee claims.';
comment on column invitations.invited_by is 'Who invited (null: an operator, or the user was removed).';
comment on column invitations.created_at is 'When it was created.';
comment on column invitations.updated_at is 'When it last changed (sent, accepted, revoked).';
comment on column invitations.version is 'Bumped by every change (ETag).';
comment on column invitations.expires_at is 'When its current link expires (null: no link sent yet).';
comment on column invitations.sent_count is 'How many links were issued (the first and each resend).';
comment on column invitations.last_sent_at is 'When the current link was issued.';
comment on column invitations.accepted_at is 'When it was accepted (null: not yet).';
comment on column invitations.accepted_by is 'The account that accepted.';
comment on column invitations.revoked_at is 'When it was revoked (its link no longer works).';
comment on column invitations.revoked_by is 'Who revoked it.';
comment on constraint invitations_email_format on invitations is
  'An email needs one @ and no spaces (at most 320 characters).';
comment on constraint invitations_role_valid on invitations is
  'An invitation''s role is program_admin, head_coach, assistant_coach, strength_coach, athletic_trainer or athlete.';
comment on constraint invitations_athlete_for_athlete_role on invitations is
  'An athlete invitation names the program''s athlete record (athlete_id), and only an athlete invitation does.';
comment on constraint invitations_accepted_or_revoked on invitations is 'An invitation is accepted or revoked, not both.';
comment on constraint invitations_program_id_fkey on invitations is 'The program does not exist.';
comment on constraint invitations_athlete_id_fkey on invitations is 'The athlete does not exist.';
comment on constraint invitations_invited_by_fkey on invitations is 'The inviting user does not exist.';
comment on constraint invitations_accepted_by_fkey on invitations is 'The accepting user does not exist.';
comment on constraint invitations_revoked_by_fkey on invitations is 'The revoking user does not exist.';

create trigger invitations_touch before update on invitations
  for each row execute function app_private.touch_row();

-- -----------------------------------------------------------------------------------------------------
-- Who may send an invitation of a role, and the programs where the caller may
-- -----------------------------------------------------------------------------------------------------
create function app_private.invitation_capability(p_role text) returns text
language sql
immutable
parallel safe
set search_path = pg_catalog
as $$
  select case when p_role = 'athlete' then 'manage_roster' else 'administer' end
$$;
comment on function app_private.invitation_capability(text) is
  'The capability that sends an invitation of this role: manage_roster for athlete, administer for staff roles.';
grant execute on function app_private.invitation_capability(text) to trainingops_app;

-- The membership check of a new staff invitation: a definer function because the inviter must not learn anything
-- about accounts (it answers only about members of a program the caller administers, whom they see anyway).
create function app_private.is_program_member_email(p_program uuid, p_email text) returns boolean
language sql
stable
security definer
set search_path = pg_catalog
as $$
  select p_program = any (app_private.staff_program_ids_with('administer'))
     and exists (select from public.program_members pm join public.users u on u.id = pm.user_id
                 where pm.program_id = p_program and pg_catalog.lower(u.email) = pg_catalog.lower(p_email))
$$;
comment on function app_private.is_program_member_email(uuid, text) is
  'Whether the account with this email is (or was) a member of a program the caller administers.';
grant execute on function app_private.is_program_member_email(uuid, text) to trainingops_app;

-- -----------------------------------------------------------------------------------------------------
-- Grants and policies
-- -----------------------------------------------------------------------------------------------------
alter table invitations enable row level security;
alter table invitations force row level security;

grant select on invitations to trainingops_app;
grant insert (program_id, email, role, athlete_id, invited_by) on invitations to trainingops_app;
grant update (revoked_at, revoked_by) on invitations to trainingops_app;

create policy invitations_select on invitations for select to trainingops_app
  using (program_id = any ((select app_private.staff_program_ids_with('administer'))::uuid[])
         or (role = 'athlete'
             and program_id = any ((select app_private.staff_program_ids_with('manage_roster'))::uuid[])));
-- A staff invitation by an administrator, an athlete invitation by roster staff for one of the program's own
-- athletes (may_roster); always in the caller's own name.
create policy invitations_insert on invitations for insert to trainingops_app
  with check (invited_by = (select app_private.current_user_id())
              and (program_id = any ((select app_private.staff_program_ids_with('administer'))::uuid[])
                   or (role = 'athlete'
                       and program_id = any ((select app_private.staff_program_ids_with('manage_roster'))::uuid[])))
              and (athlete_id is null or app_private.may_roster(program_id, athlete_id)));
-- Revoking: a pending invitation, in the caller's own name; a revoked or accepted one stays as it is.
create policy invitations_update on invitations for update to trainingops_app
  using (accepted_at is null and revoked_at is null
         and (program_id = any ((select app_private.staff_program_ids_with('administer'))::uuid[])
              or (role = 'athlete'
                  and program_id = any ((select app_private.staff_program_ids_with('manage_roster'))::uuid[]))))
  with check (revoked_by = (select app_private.current_user_id())
              and (program_id = any ((select app_private.staff_program_ids_with('administer'))::uuid[])
                   or (role = 'athlete'
                       and program_id = any ((select app_private.staff_program_ids_with('manage_roster'))::uuid[]))));

-- Nobody is invited to a program they are or were staff of: that is a role change or a reactivation.
create function app_private.check_invitation_not_member() returns trigger
language plpgsql
security definer
set search_path = pg_catalog
as $$
begin
  if new.role <> 'athlete' and exists (
    select from public.program_members pm join public.users u on u.id = pm.user_id
    where pm.program_id = new.program_id and pg_catalog.lower(u.email) = pg_catalog.lower(new.email)) then
    perform app_private.raise_rule('invitations_not_a_member_yet',
      'This person is already on the program''s staff (or was): change their role, or reactivate them, in the '
      'members list.');
  end if;
  return null;
end
$$;
create constraint trigger invitations_not_a_member_yet after insert on invitations
  for each row execute function app_private.check_invitation_not_member();
comment on constraint invitations_not_a_member_yet on invitations is
  'This person is already on the program''s staff (or was): change their role, or reactivate them, in the members '
  'list.';

-- -----------------------------------------------------------------------------------------------------
-- Links: issue (first send and resend), look up, accept
-- -----------------------------------------------------------------------------------------------------

-- One link per invitation given (arrays of equal length, set-based: the roster import sends many at once), for
-- the pending invitations the caller may send; each invitation's earlier unused links die. Returns the
-- invitations linked (those the caller may not send, or that are not pending, are left out).
create function app_private.issue_invitation_links(p_invitation_ids uuid[], p_token_sha256s bytea[], p_ttl interval)
returns table (invitation_id uuid, email text, expires_at timestamptz)
language plpgsql
volatile
security definer
set search_path = pg_catalog
as $$
#variable_conflict use_column
declare
  me uuid := app_private.acting_user_id();
  administered uuid[] := app_private.staff_program_ids_with('administer');
  rostered uuid[] := app_private.staff_program_ids_with('manage_roster');
  linked_ids uuid[];
  linked_shas bytea[];
begin
  if cardinality(p_invitation_ids) is distinct from cardinality(p_token_sha256s) then
    raise exception using errcode = 'invalid_parameter_value', message = 'One token per invitation.';
  end if;
  select coalesce(array_agg(given.id), '{}'), coalesce(array_agg(given.sha), '{}') into linked_ids, linked_shas
  from unnest(p_invitation_ids, p_token_sha256s) as given (id, sha)
  join public.invitations i on i.id = given.id
  where i.accepted_at is null and i.revoked_at is null
    and (i.program_id = any (administered) or (i.role = 'athlete' and i.program_id = any (rostered)));
  delete from app_private.one_time_tokens t
  where t.purpose = 'invitation' and t.used_at is null
    and (t.payload ->> 'invitation_id')::uuid = any (linked_ids);
  insert into app_private.one_time_tokens (token_sha256, purpose, email, payload, created_by, expires_at)
  select l.sha, 'invitation', i.email, pg_catalog.jsonb_build_object('invitation_id', i.id), me,
         pg_catalog.now() + p_ttl
  from unnest(linked_ids, linked_shas) as l (id, sha) join public.invitations i on i.id = l.id;
  return query
  update public.invitations i
  set expires_at = pg_catalog.now() + p_ttl, sent_count = i.sent_count + 1, last_sent_at = pg_catalog.now()
  where i.id = any (linked_ids)
  returning i.id, i.email, i.expires_at;
end
$$;
comment on function app_private.issue_invitation_links(uuid[], bytea[], interval) is
  'Stores a new link (its SHA-256) for each pending invitation the caller may send, killing its earlier unused '
  'links, and sets its expiry; returns the invitations linked.';
grant execute on function app_private.issue_invitation_links(uuid[], bytea[], interval) to trainingops_app;

-- What accepting a link needs to know first: the invitation, and the account with its email, if any (the same
-- that sign_in_credentials gives for any email). No row for a link that is unknown, used, expired or revoked.
create function app_private.invitation_for_link(p_token_sha256 bytea)
returns table (invitation_id uuid, email text, role text, program_name text, user_id uuid, user_name text,
               password_hash text)
language sql
stable
security definer
set search_path = pg_catalog
as $$
  select i.id, i.email, i.role, p.name, u.id, u.name, c.password_hash
  from app_private.one_time_tokens t
  join public.invitations i on i.id = (t.payload ->> 'invitation_id')::uuid
  join public.programs p on p.id = i.program_id
  left join public.users u on pg_catalog.lower(u.email) = pg_catalog.lower(i.email)
  left join app_private.user_credentials c on c.user_id = u.id
  where t.token_sha256 = p_token_sha256 and t.purpose = 'invitation' and t.used_at is null
    and t.expires_at > pg_catalog.now()
    and i.accepted_at is null and i.revoked_at is null and i.expires_at > pg_catalog.now()
$$;
comment on function app_private.invitation_for_link(bytea) is
  'A live invitation link: the invitation, its program''s name and the account with its email (id, name, hash) if '
  'any; no row for an unknown, used, expired or revoked link.';
grant execute on function app_private.invitation_for_link(bytea) to trainingops_app;

-- Accepting. p_name and p_password_hash create the account when the email has none; for an existing account
-- p_verified_hash (when the caller gave a password, verified against it) must still be its stored hash.
-- A signed-in caller (app.user_id) accepts only an invitation to their own email.
create function app_private.accept_invitation(
  p_token_sha256 bytea, p_name text, p_password_hash text, p_verified_hash text, p_ttl interval, p_user_agent text
)
returns table (user_id uuid, program_id uuid, role text, athlete_id uuid, session_id uuid, token_generation integer,
               expires_at timestamptz)
language plpgsql
volatile
security definer
set search_path = pg_catalog
as $$
#variable_conflict use_column
declare
  caller uuid := app_private.current_user_id();
  invited uuid;
  invitation public.invitations;
  account uuid;
  claimed public.athletes;
  profile uuid;
begin
  update app_private.one_time_tokens t set used_at = pg_catalog.now(), used_in = pg_catalog.pg_current_xact_id()
  where t.token_sha256 = p_token_sha256 and t.purpose = 'invitation' and t.used_at is null
    and t.expires_at > pg_catalog.now()
  returning (t.payload ->> 'invitation_id')::uuid into invited;
  select i.* into invitation from public.invitations i
  where i.id = invited and i.accepted_at is null and i.revoked_at is null and i.expires_at > pg_catalog.now()
  for update;
  if invitation.id is null then
    return;  -- unknown, used, expired or revoked: one answer
  end if;

  select u.id into account from public.users u where pg_catalog.lower(u.email) = pg_catalog.lower(invitation.email);
  if caller is not null and caller is distinct from account then
    perform app_private.raise_rule('invitations_for_another_email',
      'This invitation was sent to another email address than your account''s: sign out, or ask for an invitation '
      'to your own address.');
  end if;
  if account is null then
    if p_name is null or p_password_hash is null then
      perform app_private.raise_rule('invitations_new_account_details',
        'A new account needs a name and a password.');
    end if;
    insert into public.users (email, name) values (invitation.email, pg_catalog.btrim(p_name)) returning id into account;
    insert into app_private.user_credentials (user_id, password_hash, token_generation, password_changed_at)
    values (account, p_password_hash, 1, pg_catalog.now());
  elsif p_verified_hash is not null and not exists (
    select from app_private.user_credentials c where c.user_id = account and c.password_hash = p_verified_hash) then
    perform app_private.raise_rule('invitations_password_changed', 'The password is not right.');
  end if;

  if invitation.role = 'athlete' then
    select a.* into claimed from public.athletes a where a.id = invitation.athlete_id for update;
    select a.id into profile from public.athletes a where a.user_id = account;
    if claimed.user_id is not null and claimed.user_id <> account then
      perform app_private.raise_rule('invitations_athlete_claimed',
        'Another account has claimed this athlete profile already.');
    elsif profile is null then
      update public.athletes a set user_id = account where a.id = claimed.id;
      profile := claimed.id;
    elsif profile <> claimed.id then
      -- A transfer: the account's own profile takes the record's roster entries (from today at the earliest:
      -- the new program reads nothing the athlete logged before joining), and the record, which holds nothing
      -- else, goes.
      if exists (select from public.athlete_training_sessions s where s.athlete_id = claimed.id)
         or exists (select from public.activity_files f where f.athlete_id = claimed.id)
         or exists (select from public.practice_assignments pa where pa.athlete_id = claimed.id)
         or exists (select from public.strength_maxes m where m.athlete_id = claimed.id)
         or exists (select from public.calendar_feeds f where f.athlete_id = claimed.id)
         or exists (select from public.roster_entries r where r.athlete_id = claimed.id
                    and r.program_id <> invitation.program_id) then
        perform app_private.raise_rule('invitations_athlete_in_use',
          'The athlete record of this invitation already holds training; ask the program to invite you with a '
          'new record.');
      end if;
      -- (Moved as a delete and an insert: an update of joined_on would be a roster change in someone's name.)
      with moved as (delete from public.roster_entries r where r.athlete_id = claimed.id returning r.*)
      insert into public.roster_entries (program_id, team_season_id, athlete_id, event_group_id, status, joined_on,
                                         left_on)
      select m.program_id, m.team_season_id, profile, m.event_group_id, m.status,
             coalesce(m.joined_on, greatest(ts.start_date, (pg_catalog.now() at time zone p.time_zone)::date)),
             m.left_on
      from moved m join public.team_seasons ts on ts.id = m.team_season_id join public.programs p on p.id = m.program_id;
      update public.invitations i set athlete_id = profile where i.athlete_id = claimed.id;
      delete from public.athletes a where a.id = claimed.id;
      invitation.athlete_id := profile;
    end if;
  else
    if exists (select from public.program_members pm
               where pm.program_id = invitation.program_id and pm.user_id = account) then
      perform app_private.raise_rule('invitations_not_a_member_yet',
        'This person is already on the program''s staff (or was): change their role, or reactivate them, in the '
        'members list.');
    end if;
    insert into public.program_members (program_id, user_id, role) values (invitation.program_id, account, invitation.role);
  end if;

  update public.invitations i set accepted_at = pg_catalog.now(), accepted_by = account
  where i.id = invitation.id;
  return query
  select account, invitation.program_id, invitation.role, invitation.athlete_id, s.session_id, s.token_generation,
         s.expires_at
  from app_private.create_sign_in_session(account, p_ttl, p_user_agent) s;
end
$$;
comment on function app_private.accept_invitation(bytea, text, text, text, interval, text) is
  'Uses an invitation link once: creates the account (or uses the one with the invitation''s email), makes it a '
  'member with the role or links the athlete record, marks the invitation accepted and starts a session. No row '
  'for an unknown, used, expired or revoked link.';
grant execute on function app_private.accept_invitation(bytea, text, text, text, interval, text) to trainingops_app;
