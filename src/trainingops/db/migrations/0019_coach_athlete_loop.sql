-- =====================================================================================================
-- 0019 — The coach–athlete loop (issue 15): comments on sessions, sessions marked reviewed, notifications
-- (an in-app feed and an email outbox) and each user's preferences.
--
--   session_reviews          a completed session marked reviewed by a member of its program's staff (who, when)
--   session_comments         a thread per session, readable and writable by whoever may see the session
--   session_comment_edits    every edit and deletion of a comment: who, when, the previous text
--   notifications            each user's in-app feed; written only by the definer functions below
--   notification_emails      the email outbox, written in the same transaction as the notifications, sent after
--                            commit by the server (LISTEN notification_emails) or `trainingops notifications
--                            send-email`
--   user_preferences         email opt-out and the distance unit, one row per user who changed a default
--
-- Who may see a session is the sessions_select policy's rule; the policies here ask it by reading
-- athlete_training_sessions under the caller's own row-level security (a sub-select in a policy runs as the
-- caller), so a comment or a review is visible exactly where its session is. Notifications are created only by
-- definer functions that derive recipients and text from the rows themselves: the API role has no INSERT on
-- notifications, so no caller can put words into another user's feed. docs/security.md states each rule and
-- the test that holds it.
-- =====================================================================================================

-- -----------------------------------------------------------------------------------------------------
-- 1. Reviewed: one row per reviewed session
-- -----------------------------------------------------------------------------------------------------
create table session_reviews (
  session_id  uuid primary key references athlete_training_sessions (id) on delete cascade,
  reviewed_by uuid not null default app_private.current_user_id() references users (id) on delete cascade,
  reviewed_at timestamptz not null default now()
);
comment on table session_reviews is
  'A completed session marked reviewed by staff of its program; unreviewing deletes the row.';
comment on column session_reviews.session_id is 'The reviewed session (completed when it was reviewed).';
comment on column session_reviews.reviewed_by is 'The staff user who marked it reviewed (always the caller).';
comment on column session_reviews.reviewed_at is 'When it was marked reviewed.';
comment on constraint session_reviews_session_id_fkey on session_reviews is 'The session does not exist.';
comment on constraint session_reviews_reviewed_by_fkey on session_reviews is 'The user does not exist.';
create index session_reviews_reviewed_by_idx on session_reviews (reviewed_by);

alter table session_reviews enable row level security;
alter table session_reviews force row level security;
grant select, delete on session_reviews to trainingops_app;
grant insert (session_id) on session_reviews to trainingops_app;

create policy session_reviews_select on session_reviews for select to trainingops_app
  using (exists (select from athlete_training_sessions s where s.id = session_id));
create policy session_reviews_insert on session_reviews for insert to trainingops_app
  with check (reviewed_by = app_private.current_user_id()
              and exists (select from athlete_training_sessions s
                          where s.id = session_id and s.completed_at is not null
                            and s.program_ids && (select app_private.staff_program_ids())::uuid[]));
create policy session_reviews_delete on session_reviews for delete to trainingops_app
  using (exists (select from athlete_training_sessions s
                 where s.id = session_id and s.program_ids && (select app_private.staff_program_ids())::uuid[]));

-- -----------------------------------------------------------------------------------------------------
-- 2. Comments and their edit history
-- -----------------------------------------------------------------------------------------------------
create table session_comments (
  id             uuid primary key default gen_random_uuid(),
  session_id     uuid not null references athlete_training_sessions (id) on delete cascade,
  author_user_id uuid not null default app_private.current_user_id() references users (id) on delete cascade,
  body           text,
  created_at     timestamptz not null default now(),
  edited_at      timestamptz,
  deleted_at     timestamptz,
  version        integer not null default 1,
  constraint session_comments_body_length check (body is null or length(btrim(body)) between 1 and 4000),
  constraint session_comments_deleted_has_no_body check ((deleted_at is null) = (body is not null))
);
comment on table session_comments is
  'A comment on a session, by the athlete or the staff who may see it. Deleting keeps the row (a placeholder in '
  'the thread) and removes its text, here and in its edit history.';
comment on column session_comments.id is 'Primary key, generated by the server.';
comment on column session_comments.session_id is 'The session commented on.';
comment on column session_comments.author_user_id is 'Who wrote it (always the caller).';
comment on column session_comments.body is 'The text (1–4000 characters); null once deleted.';
comment on column session_comments.created_at is 'When it was written; edits are allowed for 15 minutes after.';
comment on column session_comments.edited_at is 'The last edit, if any.';
comment on column session_comments.deleted_at is 'When the author deleted it, if they did.';
comment on column session_comments.version is 'Bumped by every change of the text (edit, delete): the ETag and If-Match.';
comment on constraint session_comments_body_length on session_comments is
  'A comment has 1 to 4000 characters (not only spaces).';
comment on constraint session_comments_deleted_has_no_body on session_comments is
  'A deleted comment has no text, and a comment with no text is deleted.';
comment on constraint session_comments_session_id_fkey on session_comments is 'The session does not exist.';
comment on constraint session_comments_author_user_id_fkey on session_comments is 'The user does not exist.';
create index session_comments_session_idx on session_comments (session_id, created_at, id);
create index session_comments_author_idx on session_comments (author_user_id);

create table session_comment_edits (
  id            bigint generated always as identity primary key,
  comment_id    uuid not null references session_comments (id) on delete cascade,
  edited_by     uuid not null references users (id) on delete cascade,
  edited_at     timestamptz not null default now(),
  kind          text not null,
  previous_body text,
  constraint session_comment_edits_kind_valid check (kind in ('edited', 'deleted'))
);
comment on table session_comment_edits is
  'Each edit (the text before it) and the deletion of a comment; written by a trigger, never by the API role.';
comment on column session_comment_edits.id is 'Primary key, in the order of the changes.';
comment on column session_comment_edits.comment_id is 'The comment.';
comment on column session_comment_edits.edited_by is 'Who changed it (its author).';
comment on column session_comment_edits.edited_at is 'When.';
comment on column session_comment_edits.kind is 'edited or deleted.';
comment on column session_comment_edits.previous_body is 'The text before the edit; null once the comment is deleted.';
comment on constraint session_comment_edits_kind_valid on session_comment_edits is 'kind is edited or deleted.';
comment on constraint session_comment_edits_comment_id_fkey on session_comment_edits is 'The comment does not exist.';
comment on constraint session_comment_edits_edited_by_fkey on session_comment_edits is 'The user does not exist.';
create index session_comment_edits_comment_idx on session_comment_edits (comment_id, id);
create index session_comment_edits_edited_by_idx on session_comment_edits (edited_by);

alter table session_comments enable row level security;
alter table session_comments force row level security;
alter table session_comment_edits enable row level security;
alter table session_comment_edits force row level security;
grant select on session_comments, session_comment_edits to trainingops_app;
grant insert (session_id, body) on session_comments to trainingops_app;
grant update (body) on session_comments to trainingops_app;

create policy session_comments_select on session_comments for select to trainingops_app
  using (exists (select from athlete_training_sessions s where s.id = session_id));
create policy session_comments_insert on session_comments for insert to trainingops_app
  with check (author_user_id = app_private.current_user_id()
              and exists (select from athlete_training_sessions s where s.id = session_id));
-- Only the author changes a comment, and only while they still see its session (and it is not deleted).
create policy session_comments_update on session_comments for update to trainingops_app
  using (author_user_id = app_private.current_user_id() and deleted_at is null
         and exists (select from athlete_training_sessions s where s.id = session_id))
  with check (author_user_id = app_private.current_user_id());
create policy session_comment_edits_select on session_comment_edits for select to trainingops_app
  using (exists (select from session_comments c where c.id = comment_id));

-- The edit window: 15 minutes after writing (long enough to fix a typo or a wrong number just sent, short enough
-- that the other side has not yet acted on the words; Slack's and GitHub's edits stay open, but a coaching record
-- the other side relies on should not change after it was read — product choice, docs/api.md). Deleting is
-- allowed at any time (the author may withdraw their words) and removes the text from the history too.
create function app_private.guard_comment_update() returns trigger
language plpgsql
security definer
set search_path = pg_catalog
as $$
begin
  if new.body is null then
    new.deleted_at := now();
  elsif new.body is distinct from old.body then
    if now() > old.created_at + interval '15 minutes' and not app_private.is_administrative() then
      perform app_private.raise_rule('session_comments_edit_window',
        'A comment can be edited for 15 minutes after it was written; delete it or write a new one.');
    end if;
    new.edited_at := now();
  end if;
  if new.body is distinct from old.body then
    new.version := old.version + 1;
  end if;
  return new;
end
$$;
revoke all on function app_private.guard_comment_update() from public;
create trigger session_comments_guard before update on session_comments
  for each row execute function app_private.guard_comment_update();

create function app_private.record_comment_edit() returns trigger
language plpgsql
security definer
set search_path = pg_catalog
as $$
begin
  if new.body is null then
    update public.session_comment_edits set previous_body = null where comment_id = old.id;
    update public.notifications set body = 'The comment was deleted.' where comment_id = old.id;
    insert into public.session_comment_edits (comment_id, edited_by, kind, previous_body)
      values (old.id, coalesce(app_private.current_user_id(), old.author_user_id), 'deleted', null);
  elsif new.body is distinct from old.body then
    insert into public.session_comment_edits (comment_id, edited_by, kind, previous_body)
      values (old.id, coalesce(app_private.current_user_id(), old.author_user_id), 'edited', old.body);
  end if;
  return null;
end
$$;
revoke all on function app_private.record_comment_edit() from public;
create trigger session_comments_history after update on session_comments
  for each row execute function app_private.record_comment_edit();

-- -----------------------------------------------------------------------------------------------------
-- 3. Preferences
-- -----------------------------------------------------------------------------------------------------
create table user_preferences (
  user_id             uuid primary key default app_private.current_user_id() references users (id) on delete cascade,
  email_notifications boolean not null default true,
  distance_unit       text not null default 'km',
  updated_at          timestamptz not null default now(),
  version             integer not null default 1,
  constraint user_preferences_distance_unit_valid check (distance_unit in ('km', 'mi'))
);
comment on table user_preferences is 'A user''s choices; no row means the defaults (email on, kilometres).';
comment on column user_preferences.user_id is 'The user (always the caller).';
comment on column user_preferences.email_notifications is 'Email the notifications of the feed too (default true).';
comment on column user_preferences.distance_unit is 'km or mi: how the web app shows distances and paces.';
comment on column user_preferences.updated_at is 'Last change.';
comment on column user_preferences.version is 'Bumped by every change.';
create trigger user_preferences_touch before update on user_preferences
  for each row execute function app_private.touch_row();
comment on constraint user_preferences_distance_unit_valid on user_preferences is 'distance_unit is km or mi.';
comment on constraint user_preferences_user_id_fkey on user_preferences is 'The user does not exist.';
alter table user_preferences enable row level security;
alter table user_preferences force row level security;
grant select on user_preferences to trainingops_app;
grant insert (email_notifications, distance_unit) on user_preferences to trainingops_app;
grant update (email_notifications, distance_unit) on user_preferences to trainingops_app;
create policy user_preferences_select on user_preferences for select to trainingops_app
  using (user_id = app_private.current_user_id());
create policy user_preferences_insert on user_preferences for insert to trainingops_app
  with check (user_id = app_private.current_user_id());
create policy user_preferences_update on user_preferences for update to trainingops_app
  using (user_id = app_private.current_user_id())
  with check (user_id = app_private.current_user_id());

-- -----------------------------------------------------------------------------------------------------
-- 4. Notifications and the email outbox
-- -----------------------------------------------------------------------------------------------------
create table notifications (
  id                  uuid primary key default gen_random_uuid(),
  user_id             uuid not null references users (id) on delete cascade,
  kind                text not null,
  title               text not null,
  body                text not null,
  link                text,
  actor_user_id       uuid references users (id) on delete set null,
  session_id          uuid references athlete_training_sessions (id) on delete cascade,
  practice_session_id uuid references practice_sessions (id) on delete cascade,
  comment_id          uuid references session_comments (id) on delete cascade,
  created_at          timestamptz not null default now(),
  read_at             timestamptz,
  constraint notifications_kind_valid check (kind in ('practice_published', 'practice_changed', 'practice_cancelled',
                                                     'comment', 'session_pain', 'session_rpe_above_plan'))
);
comment on table notifications is
  'Each user''s in-app feed. Written only by the app_private.notify_* functions and triggers (recipients and text '
  'derived from the rows), read and marked read by its user.';
comment on column notifications.id is 'Primary key, generated by the server.';
comment on column notifications.user_id is 'Whose feed.';
comment on column notifications.kind is 'What happened (a stable code clients switch on).';
comment on column notifications.title is 'One line, for the feed and the email subject.';
comment on column notifications.body is 'The sentence, for the feed and the email.';
comment on column notifications.link is 'Where the web app shows the subject (a path).';
comment on column notifications.actor_user_id is 'Who caused it.';
comment on column notifications.session_id is 'The session it is about, if any.';
comment on column notifications.practice_session_id is 'The practice it is about, if any.';
comment on column notifications.comment_id is 'The comment it is about, if any.';
comment on column notifications.created_at is 'When it happened.';
comment on column notifications.read_at is 'When its user marked it read (null: unread).';
comment on constraint notifications_kind_valid on notifications is 'An unknown notification kind.';
comment on constraint notifications_user_id_fkey on notifications is 'The user does not exist.';
comment on constraint notifications_actor_user_id_fkey on notifications is 'The user does not exist.';
comment on constraint notifications_session_id_fkey on notifications is 'The session does not exist.';
comment on constraint notifications_practice_session_id_fkey on notifications is 'The practice does not exist.';
comment on constraint notifications_comment_id_fkey on notifications is 'The comment does not exist.';
create index notifications_feed_idx on notifications (user_id, created_at desc, id desc);
create index notifications_unread_idx on notifications (user_id) where read_at is null;
create index notifications_actor_idx on notifications (actor_user_id) where actor_user_id is not null;
create index notifications_session_idx on notifications (session_id) where session_id is not null;
create index notifications_practice_idx on notifications (practice_session_id) where practice_session_id is not null;
create index notifications_comment_idx on notifications (comment_id) where comment_id is not null;

alter table notifications enable row level security;
alter table notifications force row level security;
grant select on notifications to trainingops_app;
grant update (read_at) on notifications to trainingops_app;
create policy notifications_select on notifications for select to trainingops_app
  using (user_id = app_private.current_user_id());
create policy notifications_update on notifications for update to trainingops_app
  using (user_id = app_private.current_user_id())
  with check (user_id = app_private.current_user_id());

create table notification_emails (
  id              uuid primary key default gen_random_uuid(),
  notification_id uuid not null references notifications (id) on delete cascade,
  to_address      text not null,
  subject         text not null,
  body            text not null,
  link            text,
  created_at      timestamptz not null default now(),
  attempts        integer not null default 0,
  claimed_at      timestamptz,
  sent_at         timestamptz,
  last_error      text
);
comment on table notification_emails is
  'The email outbox: one row per notification whose user takes email, written in the notification''s own '
  'transaction and sent after commit. The API role has no privilege on it: app_private.claim_notification_emails '
  'and app_private.finish_notification_email are the only way in.';
comment on column notification_emails.id is 'Primary key, generated by the server.';
comment on column notification_emails.notification_id is 'The notification mailed.';
comment on column notification_emails.to_address is 'The user''s email when it was queued.';
comment on column notification_emails.subject is 'Subject line.';
comment on column notification_emails.body is 'Plain-text body.';
comment on column notification_emails.link is 'The path the message links to (the sender prefixes the public URL).';
comment on column notification_emails.created_at is 'When it was queued.';
comment on column notification_emails.attempts is 'Sending attempts so far (given up after 5).';
comment on column notification_emails.claimed_at is 'When a sender took it (another may take it 5 minutes later).';
comment on column notification_emails.sent_at is 'When the SMTP server accepted it.';
comment on column notification_emails.last_error is 'The last failure''s kind, without the address.';
comment on constraint notification_emails_notification_id_fkey on notification_emails is
  'The notification does not exist.';
create index notification_emails_pending_idx on notification_emails (created_at) where sent_at is null;
create index notification_emails_notification_idx on notification_emails (notification_id);
alter table notification_emails enable row level security;
alter table notification_emails force row level security;
-- No grant and no policy for the API role: it reaches the outbox only through the definer functions below.

-- Queue the notifications of a set of (user, kind, title, body, link, subject ids) rows: the feed rows and, for
-- users who take email, their outbox rows, in ONE statement whatever the number of recipients; then wake the
-- sender (pg_notify is delivered at commit, so nothing is sent for a rolled-back transaction).
create function app_private.queue_notifications(p_rows jsonb) returns integer
language plpgsql
security definer
set search_path = pg_catalog
as $$
declare
  queued integer;
begin
  with wanted as (
    select (r ->> 'user_id')::uuid as user_id, r ->> 'kind' as kind, r ->> 'title' as title, r ->> 'body' as body,
           r ->> 'link' as link, (r ->> 'session_id')::uuid as session_id,
           (r ->> 'practice_session_id')::uuid as practice_session_id, (r ->> 'comment_id')::uuid as comment_id
    from jsonb_array_elements(coalesce(p_rows, '[]')) r),
  inserted as (
    insert into public.notifications (user_id, kind, title, body, link, actor_user_id, session_id,
                                      practice_session_id, comment_id)
    select w.user_id, w.kind, w.title, w.body, w.link, app_private.current_user_id(), w.session_id,
           w.practice_session_id, w.comment_id
    from wanted w
    where w.user_id is distinct from app_private.current_user_id()  -- nobody is told what they did themselves
    returning id, user_id, title, body, link),
  mailed as (
    insert into public.notification_emails (notification_id, to_address, subject, body, link)
    select i.id, u.email, i.title, i.body, i.link
    from inserted i
    join public.users u on u.id = i.user_id
    left join public.user_preferences up on up.user_id = i.user_id
    where coalesce(up.email_notifications, true)
    returning 1)
  select count(*) into queued from inserted;
  if exists (select from public.notification_emails e where e.sent_at is null and e.claimed_at is null
             and e.created_at = now()) then
    perform pg_notify('notification_emails', '');
  end if;
  return queued;
end
$$;
comment on function app_private.queue_notifications(jsonb) is
  'Internal: the feed and outbox rows of a set of notifications, in one statement. Not callable by the API role.';
revoke all on function app_private.queue_notifications(jsonb) from public;

-- The server's sender: take up to p_limit unsent messages (skipping those another sender holds), then report each
-- one sent or failed. Only a caller without a user identity (the server's own sender) or an administrative
-- connection (the CLI) may: a signed-in user's transaction never reads the outbox.
create function app_private.claim_notification_emails(p_limit integer)
returns table (id uuid, to_address text, subject text, body text, link text)
language plpgsql
volatile
security definer
set search_path = pg_catalog
as $$
begin
  if app_private.current_user_id() is not null and not app_private.is_administrative() then
    raise exception using errcode = 'insufficient_privilege', message = 'Only the server''s sender reads the outbox.';
  end if;
  return query
    update public.notification_emails e set claimed_at = now(), attempts = e.attempts + 1
    where e.id in (select x.id from public.notification_emails x
                   where x.sent_at is null and x.attempts < 5
                     and (x.claimed_at is null or x.claimed_at < now() - interval '5 minutes')
                   order by x.created_at limit p_limit for update skip locked)
    returning e.id, e.to_address, e.subject, e.body, e.link;
end
$$;
comment on function app_private.claim_notification_emails(integer) is
  'The sender takes up to p_limit unsent emails (5 attempts at most; a claim lapses after 5 minutes).';
revoke all on function app_private.claim_notification_emails(integer) from public;
grant execute on function app_private.claim_notification_emails(integer) to trainingops_app;

create function app_private.finish_notification_email(p_id uuid, p_error text) returns void
language plpgsql
volatile
security definer
set search_path = pg_catalog
as $$
begin
  if app_private.current_user_id() is not null and not app_private.is_administrative() then
    raise exception using errcode = 'insufficient_privilege', message = 'Only the server''s sender reads the outbox.';
  end if;
  update public.notification_emails e
  set sent_at = case when p_error is null then now() end, last_error = left(p_error, 200), claimed_at = null
  where e.id = p_id and e.sent_at is null;
end
$$;
comment on function app_private.finish_notification_email(uuid, text) is
  'The sender reports one email sent (p_error null) or failed (kept for a retry).';
revoke all on function app_private.finish_notification_email(uuid, text) from public;
grant execute on function app_private.finish_notification_email(uuid, text) to trainingops_app;

-- -----------------------------------------------------------------------------------------------------
-- 5. What notifies whom
-- -----------------------------------------------------------------------------------------------------
-- A practice published, changed or cancelled: to the athletes it touched (their sessions created, changed or
-- removed), called once per publish or cancel with the three sets; only by a planner of the practice's program,
-- and only athletes on the practice's season roster are told.
create function app_private.notify_practice(p_practice uuid, p_published uuid[], p_changed uuid[], p_cancelled uuid[])
returns integer
language plpgsql
volatile
security definer
set search_path = pg_catalog
as $$
declare
  practice record;
begin
  select ps.id, ps.title, ps.practice_date, ps.team_season_id into practice
  from public.practice_sessions ps
  where ps.id = p_practice and ps.program_id = any (app_private.staff_program_ids_with('plan'));
  if not found then
    raise exception using errcode = 'insufficient_privilege', message = 'Only a planner of the practice notifies.';
  end if;
  return app_private.queue_notifications((
    select coalesce(jsonb_agg(jsonb_build_object(
      'user_id', a.user_id, 'kind', t.kind, 'practice_session_id', practice.id,
      'link', '/training?date=' || practice.practice_date,
      'title', case t.kind when 'practice_published' then 'Practice published: '
                           when 'practice_changed' then 'Practice changed: ' else 'Practice cancelled: ' end
               || practice.title,
      'body', practice.title || ' on ' || to_char(practice.practice_date, 'Dy FMDD Mon YYYY')
              || case t.kind when 'practice_published' then ' is on your plan.'
                             when 'practice_changed' then ': your sessions changed.'
                             else ' is cancelled; its sessions are off your plan.' end)), '[]')
    from (select distinct on (x.athlete_id) x.athlete_id, x.kind
          from (select unnest(p_published) as athlete_id, 'practice_published' as kind, 1 as rank
                union all select unnest(p_changed), 'practice_changed', 2
                union all select unnest(p_cancelled), 'practice_cancelled', 3) x
          order by x.athlete_id, x.rank) t
    join public.athletes a on a.id = t.athlete_id and a.user_id is not null
    where exists (select from public.roster_entries r
                  where r.athlete_id = t.athlete_id and r.team_season_id = practice.team_season_id)));
end
$$;
comment on function app_private.notify_practice(uuid, uuid[], uuid[], uuid[]) is
  'Notify the athletes a publish or cancel touched (one statement for any number of them).';
revoke all on function app_private.notify_practice(uuid, uuid[], uuid[], uuid[]) from public;
grant execute on function app_private.notify_practice(uuid, uuid[], uuid[], uuid[]) to trainingops_app;

-- The coaches who hear from an athlete: active members of the session's programs in a coaching role (those who
-- plan: head, assistant and strength coaches; capability_roles('plan')).
create function app_private.session_coach_user_ids(p_program_ids uuid[]) returns uuid[]
language sql
stable
security definer
set search_path = pg_catalog
as $$
  select coalesce(array_agg(distinct pm.user_id), '{}') from public.program_members pm
  where pm.program_id = any (p_program_ids) and pm.is_active and pm.role = any (app_private.capability_roles('plan'))
$$;
revoke all on function app_private.session_coach_user_ids(uuid[]) from public;

-- A comment: the athlete's → the coaches of the session's programs; staff's → the athlete (the other side).
create function app_private.notify_comments() returns trigger
language plpgsql
security definer
set search_path = pg_catalog
as $$
begin
  perform app_private.queue_notifications((
    select coalesce(jsonb_agg(jsonb_build_object(
      'user_id', r.user_id, 'kind', 'comment', 'session_id', s.id, 'comment_id', c.id,
      'link', '/sessions/' || s.id,
      'title', 'New comment from ' || author.name || coalesce(' on ' || s.title, ''),
      'body', left(c.body, 280))), '[]')
    from new_comments c
    join public.athlete_training_sessions s on s.id = c.session_id
    join public.athletes a on a.id = s.athlete_id
    join public.users author on author.id = c.author_user_id
    cross join lateral unnest(case when a.user_id = c.author_user_id
                                   then app_private.session_coach_user_ids(s.program_ids)
                                   else array[a.user_id] end) as r(user_id)
    where r.user_id is not null));
  return null;
end
$$;
revoke all on function app_private.notify_comments() from public;
create trigger session_comments_notify after insert on session_comments
  referencing new table as new_comments
  for each statement execute function app_private.notify_comments();

-- An athlete's log worth a look: a pain note, or an RPE two or more points above the plan (Foster's CR-10 scale;
-- the team view's rpe_above_plan flag speaks at +1 on average over a week, a single session at +2 is what a
-- coach wants to hear about the same day — product choice). Only what the athlete logs themselves notifies,
-- only when it is new (a session newly completed, a pain note newly there, an RPE newly that high). The sessions
-- schema has no pain field: the athlete's log records pain as metrics_json.pain, a 0–10 numeric rating scale
-- score (or {"score": n, "note": "..."}); a score of 1 or more is a pain note.
create function app_private.session_pain(p_metrics jsonb) returns numeric
language sql
immutable
parallel safe
set search_path = pg_catalog
as $$
  select case jsonb_typeof(p_metrics -> 'pain')
    when 'number' then (p_metrics ->> 'pain')::numeric
    when 'object' then case when jsonb_typeof(p_metrics -> 'pain' -> 'score') = 'number'
                            then (p_metrics -> 'pain' ->> 'score')::numeric end
  end
$$;
comment on function app_private.session_pain(jsonb) is
  'The pain score (0–10) an athlete logged in metrics_json.pain (a number or {"score": n}); null when none.';
revoke all on function app_private.session_pain(jsonb) from public;
grant execute on function app_private.session_pain(jsonb) to trainingops_app;

-- The notices of a set of written sessions (p_new; p_old: the same sessions before an update, empty for an insert).
create function app_private.queue_session_log_notices(p_new jsonb, p_old jsonb) returns void
language plpgsql
security definer
set search_path = pg_catalog
as $$
declare
  me uuid := app_private.current_user_id();
begin
  perform app_private.queue_notifications((
    select coalesce(jsonb_agg(jsonb_build_object(
      'user_id', coach.user_id, 'kind', w.kind, 'session_id', w.id, 'link', '/sessions/' || w.id,
      'title', case w.kind when 'session_pain' then 'Pain noted: ' else 'Harder than planned: ' end || a.name,
      'body', a.name || case w.kind
                when 'session_pain' then ' noted pain (' || app_private.session_pain(w.metrics_json) || '/10)'
                else ' logged RPE ' || w.actual_rpe || ' against a planned ' || w.planned_rpe end
              || ' for ' || coalesce(w.title, w.workout_category) || ' on ' || w.session_date
              || coalesce(': ' || left(w.actual_description, 200), '.'))), '[]')
    from (select n.*, k.kind
          from jsonb_populate_recordset(null::public.athlete_training_sessions, p_new) n
          left join jsonb_populate_recordset(null::public.athlete_training_sessions, p_old) o on o.id = n.id
          cross join lateral (values
            ('session_pain', coalesce(app_private.session_pain(n.metrics_json), 0) >= 1
                             and (o.id is null or o.completed_at is null
                                  or coalesce(app_private.session_pain(o.metrics_json), 0) < 1)),
            ('session_rpe_above_plan', n.actual_rpe >= n.planned_rpe + 2
                             and (o.id is null or o.completed_at is null
                                  or not coalesce(o.actual_rpe >= o.planned_rpe + 2, false)))
          ) k(kind, applies)
          where n.completed_at is not null and k.applies) w
    join public.athletes a on a.id = w.athlete_id and a.user_id = me
    cross join lateral unnest(app_private.session_coach_user_ids(w.program_ids)
                              || (select coalesce(array_agg(pm.user_id), '{}') from public.program_members pm
                                  where pm.program_id = any (w.program_ids) and pm.is_active
                                    and pm.role = 'athletic_trainer' and w.kind = 'session_pain')) as coach(user_id)));
end
$$;
revoke all on function app_private.queue_session_log_notices(jsonb, jsonb) from public;

-- The triggers pass on only the candidates (completed, with a pain note or a high RPE) written by a signed-in
-- caller, so a bulk write by staff or an administrative load costs one cheap scan of its transition table.
create function app_private.notify_session_updates() returns trigger
language plpgsql
security definer
set search_path = pg_catalog
as $$
declare
  candidates jsonb;
begin
  if app_private.current_user_id() is null or app_private.is_administrative() then
    return null;
  end if;
  select jsonb_agg(to_jsonb(n)) into candidates from new_rows n
  where n.completed_at is not null
    and (n.actual_rpe >= n.planned_rpe + 2 or coalesce(app_private.session_pain(n.metrics_json), 0) >= 1);
  if candidates is not null then
    perform app_private.queue_session_log_notices(candidates,
      (select jsonb_agg(to_jsonb(o)) from old_rows o
       where o.id in (select (c ->> 'id')::uuid from jsonb_array_elements(candidates) c)));
  end if;
  return null;
end
$$;
revoke all on function app_private.notify_session_updates() from public;
create trigger sessions_notify_logged_update after update on athlete_training_sessions
  referencing old table as old_rows new table as new_rows
  for each statement execute function app_private.notify_session_updates();

create function app_private.notify_session_inserts() returns trigger
language plpgsql
security definer
set search_path = pg_catalog
as $$
declare
  candidates jsonb;
begin
  if app_private.current_user_id() is null or app_private.is_administrative() then
    return null;
  end if;
  select jsonb_agg(to_jsonb(n)) into candidates from new_rows n
  where n.completed_at is not null
    and (n.actual_rpe >= n.planned_rpe + 2 or coalesce(app_private.session_pain(n.metrics_json), 0) >= 1);
  if candidates is not null then
    perform app_private.queue_session_log_notices(candidates, '[]');
  end if;
  return null;
end
$$;
revoke all on function app_private.notify_session_inserts() from public;
create trigger sessions_notify_logged_insert after insert on athlete_training_sessions
  referencing new table as new_rows
  for each statement execute function app_private.notify_session_inserts();
