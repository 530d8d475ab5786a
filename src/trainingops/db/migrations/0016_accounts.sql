-- =====================================================================================================
-- 0016 — Local accounts: password credentials, sign-in sessions, one-time links (password reset and
-- invitations), and the identity-provider subject a user may be linked to (issue 14).
--
-- Everything secret lives in app_private, with no grant to the API role at all: password hashes, sessions and
-- the hashes of emailed links. The API reaches them only through the SECURITY DEFINER functions below, each of
-- which exposes what one step needs (sign-in: the hash of one email's account; nothing for an unknown email).
-- A token the service issues names its sign-in session (sid) and the user's token generation (gen); every
-- request checks both in the same statement that sets its identity (sign_in_is_live), so signing out, changing
-- the password and losing a membership end a session at once.
-- =====================================================================================================

-- -----------------------------------------------------------------------------------------------------
-- users.external_subject: an identity provider's subject (sub), for tokens that do not carry our user id
-- -----------------------------------------------------------------------------------------------------
alter table users add column external_subject text;
alter table users add constraint users_external_subject_unique unique (external_subject);
alter table users add constraint users_external_subject_length
  check (external_subject is null or length(external_subject) between 1 and 255);
comment on column users.external_subject is
  'The identity provider''s subject (sub claim) this user signs in as, when it is not the user id; null: none linked.';
comment on constraint users_external_subject_unique on users is
  'Another user is already linked to this identity-provider subject.';
comment on constraint users_external_subject_length on users is
  'An identity-provider subject must be 1 to 255 characters.';

-- -----------------------------------------------------------------------------------------------------
-- app_private.user_credentials
-- -----------------------------------------------------------------------------------------------------
create table app_private.user_credentials (
  user_id             uuid primary key references public.users (id) on delete cascade,
  password_hash       text,
  token_generation    integer not null default 1,
  password_changed_at timestamptz,
  constraint user_credentials_hash_is_argon2id check (password_hash is null or password_hash like '$argon2id$%'),
  constraint user_credentials_generation_positive check (token_generation >= 1)
);
comment on table app_private.user_credentials is
  'A user''s password (Argon2id hash) and token generation. No grant: reached only through definer functions.';
comment on column app_private.user_credentials.user_id is 'The user.';
comment on column app_private.user_credentials.password_hash is
  'Argon2id PHC string (parameters and salt inside); null: no password (identity provider, or never set).';
comment on column app_private.user_credentials.token_generation is
  'Tokens carry it as gen; bumping it refuses every token issued before. A user without a row is generation 0.';
comment on column app_private.user_credentials.password_changed_at is 'When the password was last set.';
comment on constraint user_credentials_hash_is_argon2id on app_private.user_credentials is
  'A password is stored only as an Argon2id hash.';
comment on constraint user_credentials_generation_positive on app_private.user_credentials is
  'A token generation starts at 1.';

-- -----------------------------------------------------------------------------------------------------
-- app_private.sign_in_sessions
-- -----------------------------------------------------------------------------------------------------
create table app_private.sign_in_sessions (
  id         uuid primary key default gen_random_uuid(),
  user_id    uuid not null references public.users (id) on delete cascade,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  revoked_at timestamptz,
  user_agent text,
  constraint sign_in_sessions_expire_after_start check (expires_at > created_at),
  constraint sign_in_sessions_user_agent_length check (length(user_agent) <= 512)
);
create index sign_in_sessions_user_idx on app_private.sign_in_sessions (user_id);
comment on table app_private.sign_in_sessions is
  'One row per sign-in (password, CLI token, demo sign-in): its token names it as sid and dies when it is revoked.';
comment on column app_private.sign_in_sessions.id is 'The sid claim of the session''s token.';
comment on column app_private.sign_in_sessions.user_id is 'Who signed in.';
comment on column app_private.sign_in_sessions.created_at is 'When.';
comment on column app_private.sign_in_sessions.expires_at is 'The token''s expiry (exp); the session ends then.';
comment on column app_private.sign_in_sessions.revoked_at is
  'When it was ended: sign-out, password change, sign-out everywhere, a membership deactivated.';
comment on column app_private.sign_in_sessions.user_agent is 'The client''s User-Agent, to recognise a session.';
comment on constraint sign_in_sessions_expire_after_start on app_private.sign_in_sessions is
  'A session must end after it starts.';
comment on constraint sign_in_sessions_user_agent_length on app_private.sign_in_sessions is
  'A user agent is kept to 512 characters.';

-- -----------------------------------------------------------------------------------------------------
-- app_private.one_time_tokens: emailed links (password reset, invitation), stored as the SHA-256 of the token
-- -----------------------------------------------------------------------------------------------------
create table app_private.one_time_tokens (
  token_sha256 bytea primary key,
  purpose      text not null,
  user_id      uuid references public.users (id) on delete cascade,
  email        text,
  payload      jsonb not null default '{}',
  created_by   uuid references public.users (id) on delete set null,
  created_at   timestamptz not null default now(),
  expires_at   timestamptz not null,
  used_at      timestamptz,
  used_in      xid8,
  constraint one_time_tokens_purpose_known check (purpose in ('password_reset', 'invitation')),
  constraint one_time_tokens_names_someone check (user_id is not null or email is not null),
  constraint one_time_tokens_sha256_length check (octet_length(token_sha256) = 32),
  constraint one_time_tokens_expire_after_issue check (expires_at > created_at)
);
create index one_time_tokens_user_idx on app_private.one_time_tokens (user_id);
comment on table app_private.one_time_tokens is
  'Single-use, expiring links sent by email. Only the SHA-256 of the link''s 256-bit token is kept.';
comment on column app_private.one_time_tokens.token_sha256 is 'SHA-256 of the token in the link.';
comment on column app_private.one_time_tokens.purpose is 'password_reset or invitation.';
comment on column app_private.one_time_tokens.user_id is 'The account the link is for (null: an invitation to an email).';
comment on column app_private.one_time_tokens.email is 'Where the link was sent, when it is not (yet) an account.';
comment on column app_private.one_time_tokens.payload is 'What the link grants beyond its purpose (an invitation''s program and role).';
comment on column app_private.one_time_tokens.created_by is 'Who asked for it (null: the user themselves, or an administrator).';
comment on column app_private.one_time_tokens.created_at is 'When it was issued.';
comment on column app_private.one_time_tokens.expires_at is 'After this it is refused.';
comment on column app_private.one_time_tokens.used_at is 'When it was used; a used link is refused.';
comment on column app_private.one_time_tokens.used_in is
  'The transaction that used it: set_password accepts the link''s account only within that transaction.';
comment on constraint one_time_tokens_purpose_known on app_private.one_time_tokens is
  'A link is for a password reset or an invitation.';
comment on constraint one_time_tokens_names_someone on app_private.one_time_tokens is
  'A link names an account or an email.';
comment on constraint one_time_tokens_sha256_length on app_private.one_time_tokens is
  'A link is stored as its 32-byte SHA-256.';
comment on constraint one_time_tokens_expire_after_issue on app_private.one_time_tokens is
  'A link must expire after it is issued.';

-- -----------------------------------------------------------------------------------------------------
-- Internal helpers (no grant to the API role)
-- -----------------------------------------------------------------------------------------------------

-- Ends every session of a user and refuses every token issued before: the generation moves on.
create function app_private.revoke_sign_ins(p_user_id uuid) returns integer
language plpgsql volatile security definer set search_path = pg_catalog
as $$
declare
  generation integer;
begin
  insert into app_private.user_credentials as c (user_id, token_generation)
  values (p_user_id, 1)
  on conflict (user_id) do update set token_generation = c.token_generation + 1
  returning c.token_generation into generation;
  update app_private.sign_in_sessions s set revoked_at = pg_catalog.now()
  where s.user_id = p_user_id and s.revoked_at is null;
  return generation;
end
$$;
comment on function app_private.revoke_sign_ins(uuid) is
  'Bumps the user''s token generation and revokes every session; returns the new generation.';
revoke all on function app_private.revoke_sign_ins(uuid) from public;

-- A session for a user, without a password (the CLI's `token` and the demo sign-in, on the administrative
-- connection). Long-expired sessions of the user are cleared on the way.
create function app_private.create_sign_in_session(p_user_id uuid, p_ttl interval, p_user_agent text)
returns table (session_id uuid, token_generation integer, expires_at timestamptz)
language plpgsql volatile security definer set search_path = pg_catalog
as $$
begin
  delete from app_private.sign_in_sessions s
  where s.user_id = p_user_id and s.expires_at < pg_catalog.now() - interval '30 days';
  return query
  insert into app_private.sign_in_sessions as s (user_id, expires_at, user_agent)
  values (p_user_id, pg_catalog.now() + p_ttl, pg_catalog.left(p_user_agent, 512))
  returning s.id,
            coalesce((select c.token_generation from app_private.user_credentials c where c.user_id = p_user_id), 0),
            s.expires_at;
end
$$;
comment on function app_private.create_sign_in_session(uuid, interval, text) is
  'Starts a session for a user with no password check: administrative callers only (CLI token, demo sign-in).';
revoke all on function app_private.create_sign_in_session(uuid, interval, text) from public;

-- -----------------------------------------------------------------------------------------------------
-- What the API role may call
-- -----------------------------------------------------------------------------------------------------

-- Sign-in, step 1: what verifying a password needs, for one email; no row for an unknown email.
create function app_private.sign_in_credentials(p_email text)
returns table (user_id uuid, password_hash text, token_generation integer)
language sql stable security definer set search_path = pg_catalog
as $$
  select u.id, c.password_hash, coalesce(c.token_generation, 0)
  from public.users u left join app_private.user_credentials c on c.user_id = u.id
  where pg_catalog.lower(u.email) = pg_catalog.lower(p_email)
$$;
comment on function app_private.sign_in_credentials(text) is
  'Sign-in: the user id, password hash and token generation of the account with this email (none if unknown).';
revoke all on function app_private.sign_in_credentials(text) from public;
grant execute on function app_private.sign_in_credentials(text) to trainingops_app;

-- Sign-in, step 2 (the password verified): a session, and the stronger hash when the parameters changed.
-- p_verified_hash must still be the stored one: a password changed in between wins, and the API role cannot
-- start a session for a user whose hash it has not read.
create function app_private.start_sign_in_session(
  p_user_id uuid, p_verified_hash text, p_new_hash text, p_ttl interval, p_user_agent text
)
returns table (session_id uuid, token_generation integer, expires_at timestamptz)
language plpgsql volatile security definer set search_path = pg_catalog
as $$
begin
  perform from app_private.user_credentials c
  where c.user_id = p_user_id and c.password_hash = p_verified_hash
  for update;
  if not found then
    return;
  end if;
  if p_new_hash is not null then
    update app_private.user_credentials c set password_hash = p_new_hash where c.user_id = p_user_id;
  end if;
  return query select * from app_private.create_sign_in_session(p_user_id, p_ttl, p_user_agent);
end
$$;
comment on function app_private.start_sign_in_session(uuid, text, text, interval, text) is
  'Sign-in after the password verified against p_verified_hash (still the stored one): a new session, and '
  'p_new_hash stored when given (rehash on login). No row when the hash changed meanwhile.';
revoke all on function app_private.start_sign_in_session(uuid, text, text, interval, text) from public;
grant execute on function app_private.start_sign_in_session(uuid, text, text, interval, text) to trainingops_app;

-- Every request with a token the service issued: is its session live and its generation current?
create function app_private.sign_in_is_live(p_user_id uuid, p_session_id uuid, p_generation integer)
returns boolean
language sql stable security definer set search_path = pg_catalog
as $$
  select coalesce((select c.token_generation from app_private.user_credentials c where c.user_id = p_user_id), 0)
           = p_generation
     and (p_session_id is null or exists (
           select from app_private.sign_in_sessions s
           where s.id = p_session_id and s.user_id = p_user_id and s.revoked_at is null
             and s.expires_at > pg_catalog.now()))
$$;
comment on function app_private.sign_in_is_live(uuid, uuid, integer) is
  'True when the token''s generation is the user''s current one and its session (if it names one) is live.';
revoke all on function app_private.sign_in_is_live(uuid, uuid, integer) from public;
grant execute on function app_private.sign_in_is_live(uuid, uuid, integer) to trainingops_app;

-- Tokens from an identity provider (no gen): the user is sub when it is a user id, else the user linked to the
-- subject, else the user with the token's (verified) email; else sub itself as before (sees nothing).
create function app_private.token_user_id(p_user_id uuid, p_subject text, p_email text) returns uuid
language sql stable security definer set search_path = pg_catalog
as $$
  select coalesce(
    (select u.id from public.users u where u.id = p_user_id),
    (select u.id from public.users u where u.external_subject = p_subject),
    (select u.id from public.users u where pg_catalog.lower(u.email) = pg_catalog.lower(p_email)),
    p_user_id)
$$;
comment on function app_private.token_user_id(uuid, text, text) is
  'The user an identity provider''s token acts for: by user id, else linked subject, else verified email.';
revoke all on function app_private.token_user_id(uuid, text, text) from public;
grant execute on function app_private.token_user_id(uuid, text, text) to trainingops_app;

-- Sign-out: the caller ends one of their own sessions.
create function app_private.end_sign_in_session(p_session_id uuid) returns boolean
language sql volatile security definer set search_path = pg_catalog
as $$
  with ended as (
    update app_private.sign_in_sessions s set revoked_at = pg_catalog.now()
    where s.id = p_session_id and s.user_id = (select app_private.current_user_id()) and s.revoked_at is null
    returning s.id)
  select exists (select from ended)
$$;
comment on function app_private.end_sign_in_session(uuid) is
  'Sign-out: revokes the caller''s (app.user_id) session; false when it was not theirs or already ended.';
revoke all on function app_private.end_sign_in_session(uuid) from public;
grant execute on function app_private.end_sign_in_session(uuid) to trainingops_app;

-- Sign-out everywhere: the caller's every session and token.
create function app_private.end_all_sign_in_sessions() returns integer
language plpgsql volatile security definer set search_path = pg_catalog
as $$
declare
  caller uuid := (select app_private.current_user_id());
begin
  if caller is null then
    raise exception using errcode = 'insufficient_privilege',
      message = 'Signing out everywhere needs the caller''s identity (app.user_id).';
  end if;
  return app_private.revoke_sign_ins(caller);
end
$$;
comment on function app_private.end_all_sign_in_sessions() is
  'Sign-out everywhere: bumps the caller''s token generation and revokes every session of theirs.';
revoke all on function app_private.end_all_sign_in_sessions() from public;
grant execute on function app_private.end_all_sign_in_sessions() to trainingops_app;

-- An emailed link: the API keeps the token, the database its SHA-256. A new password-reset link replaces the
-- user's earlier unused ones.
create function app_private.issue_one_time_token(
  p_purpose text, p_token_sha256 bytea, p_user_id uuid, p_email text, p_payload jsonb, p_ttl interval
) returns timestamptz
language plpgsql volatile security definer set search_path = pg_catalog
as $$
declare
  expiry timestamptz := pg_catalog.now() + p_ttl;
begin
  if p_purpose = 'password_reset' then
    delete from app_private.one_time_tokens t
    where t.purpose = 'password_reset' and t.user_id = p_user_id and t.used_at is null;
  end if;
  insert into app_private.one_time_tokens (token_sha256, purpose, user_id, email, payload, created_by, expires_at)
  values (p_token_sha256, p_purpose, p_user_id, p_email, coalesce(p_payload, '{}'),
          (select app_private.current_user_id()), expiry);
  return expiry;
end
$$;
comment on function app_private.issue_one_time_token(text, bytea, uuid, text, jsonb, interval) is
  'Stores a link''s SHA-256 with its purpose, account or email, payload and expiry; returns the expiry.';
revoke all on function app_private.issue_one_time_token(text, bytea, uuid, text, jsonb, interval) from public;
grant execute on function app_private.issue_one_time_token(text, bytea, uuid, text, jsonb, interval) to trainingops_app;

-- Password reset, step 1: the account with this email gets a link; an unknown email gets nothing (no row).
create function app_private.issue_password_reset(p_email text, p_token_sha256 bytea, p_ttl interval)
returns table (user_id uuid, email text, name text)
language plpgsql volatile security definer set search_path = pg_catalog
as $$
declare
  found_user public.users;
begin
  select u.* into found_user from public.users u where pg_catalog.lower(u.email) = pg_catalog.lower(p_email);
  if found_user.id is null then
    return;
  end if;
  perform app_private.issue_one_time_token('password_reset', p_token_sha256, found_user.id, null, null, p_ttl);
  return query select found_user.id, found_user.email, found_user.name;
end
$$;
comment on function app_private.issue_password_reset(text, bytea, interval) is
  'Password reset: a link for the account with this email (its id, email and name returned); nothing if unknown.';
revoke all on function app_private.issue_password_reset(text, bytea, interval) from public;
grant execute on function app_private.issue_password_reset(text, bytea, interval) to trainingops_app;

-- Using a link: once, before it expires. The row says who it was for; the transaction that used it may then set
-- that account's password (set_password).
create function app_private.consume_one_time_token(p_purpose text, p_token_sha256 bytea)
returns table (user_id uuid, email text, name text, payload jsonb, created_by uuid)
language sql volatile security definer set search_path = pg_catalog
as $$
  with used as (
    update app_private.one_time_tokens t set used_at = pg_catalog.now(), used_in = pg_catalog.pg_current_xact_id()
    where t.token_sha256 = p_token_sha256 and t.purpose = p_purpose and t.used_at is null
      and t.expires_at > pg_catalog.now()
    returning t.user_id, t.email, t.payload, t.created_by)
  select used.user_id, coalesce(u.email, used.email), u.name, used.payload, used.created_by
  from used left join public.users u on u.id = used.user_id
$$;
comment on function app_private.consume_one_time_token(text, bytea) is
  'Marks a live link of this purpose used and returns whom it was for; no row when it is unknown, used or expired.';
revoke all on function app_private.consume_one_time_token(text, bytea) from public;
grant execute on function app_private.consume_one_time_token(text, bytea) to trainingops_app;

-- Setting a password: administrative connections (the CLI) always; the API role only for the account of a link
-- used in this same transaction (by user id, or by email for an invitation). Every session and older token of
-- the user ends; unused reset links go.
create function app_private.set_password(p_user_id uuid, p_password_hash text) returns integer
language plpgsql volatile security definer set search_path = pg_catalog
as $$
declare
  generation integer;
begin
  if not app_private.is_administrative() and not exists (
    select from app_private.one_time_tokens t
    left join public.users u on u.id = p_user_id
    where t.used_in = pg_catalog.pg_current_xact_id()
      and (t.user_id = p_user_id or pg_catalog.lower(t.email) = pg_catalog.lower(u.email))
  ) then
    raise exception using errcode = 'insufficient_privilege',
      message = 'A password is set through a password-reset or invitation link used in the same transaction.';
  end if;
  generation := app_private.revoke_sign_ins(p_user_id);
  update app_private.user_credentials c
  set password_hash = p_password_hash, password_changed_at = pg_catalog.now()
  where c.user_id = p_user_id;
  delete from app_private.one_time_tokens t
  where t.purpose = 'password_reset' and t.user_id = p_user_id and t.used_at is null;
  return generation;
end
$$;
comment on function app_private.set_password(uuid, text) is
  'Stores a new password hash, bumps the token generation and revokes every session; returns the generation.';
revoke all on function app_private.set_password(uuid, text) from public;
grant execute on function app_private.set_password(uuid, text) to trainingops_app;

-- -----------------------------------------------------------------------------------------------------
-- A membership deactivated (or an active one removed) ends the member's sessions: their tokens and cookies are
-- refused from then on (they may sign in again and see what their other roles give them).
-- -----------------------------------------------------------------------------------------------------
create function app_private.end_sign_ins_of_deactivated_member() returns trigger
language plpgsql security definer set search_path = pg_catalog
as $$
begin
  if tg_op = 'UPDATE' then
    perform app_private.revoke_sign_ins(ended.user_id)
    from (select distinct n.user_id from new_rows n join old_rows o on o.id = n.id
          where o.is_active and not n.is_active) ended;
  else
    perform app_private.revoke_sign_ins(ended.user_id)
    from (select distinct o.user_id from old_rows o
          where o.is_active and exists (select from public.users u where u.id = o.user_id)) ended;
  end if;
  return null;
end
$$;
comment on function app_private.end_sign_ins_of_deactivated_member() is
  'AFTER UPDATE/DELETE on program_members: a member set inactive, or an active membership removed, is signed out '
  'everywhere.';
revoke all on function app_private.end_sign_ins_of_deactivated_member() from public;

create trigger program_members_deactivation_signs_out
  after update on program_members
  referencing old table as old_rows new table as new_rows
  for each statement execute function app_private.end_sign_ins_of_deactivated_member();
create trigger program_members_removal_signs_out
  after delete on program_members
  referencing old table as old_rows
  for each statement execute function app_private.end_sign_ins_of_deactivated_member();
