"""SQL of notifications and preferences. Every statement runs as the caller: a user sees and marks only their own
feed (row-level security, migration 0019); notifications are written only by the database's notify functions."""

from __future__ import annotations

NOTIFICATION_JSON = """
json_build_object('id', n.id, 'kind', n.kind, 'title', n.title, 'body', n.body, 'link', n.link,
                  'actor_user_id', n.actor_user_id, 'session_id', n.session_id,
                  'practice_session_id', n.practice_session_id, 'comment_id', n.comment_id,
                  'created_at', n.created_at, 'read_at', n.read_at)
"""

# A page of the feed, newest first, after the cursor (created_at, id) when there is one; one row more than the
# page tells whether another page follows. The unread count in the same statement.
FEED = f"""
select (select count(*) from notifications n where n.user_id = app_private.current_user_id()
                                                and n.read_at is null) as unread,
       coalesce((select json_agg(page.body order by page.created_at desc, page.id desc) from (
         select {NOTIFICATION_JSON} as body, n.created_at, n.id
         from notifications n
         where n.user_id = app_private.current_user_id()
           and (%(after_at)s::timestamptz is null or (n.created_at, n.id) < (%(after_at)s::timestamptz, %(after_id)s::uuid))
           and (not %(unread_only)s or n.read_at is null)
         order by n.created_at desc, n.id desc
         limit %(limit)s + 1) page), '[]')::text as items
"""

MARK_READ = """
with marked as (
  update notifications n set read_at = now()
  where n.read_at is null and (%(all)s or n.id = any (%(ids)s::uuid[]))
  returning n.id)
select (select count(*) from marked) as marked,
       (select count(*) from notifications n where n.user_id = app_private.current_user_id() and n.read_at is null
          and n.id <> all (array(select id from marked))) as unread
"""

# Which of the ids named are the caller's (a stranger's id and a missing one look the same: not found).
OWN_IDS = "select array_agg(n.id) as found from notifications n where n.id = any (%(ids)s::uuid[])"

PREFERENCES = """
select coalesce(p.email_notifications, true) as email_notifications, coalesce(p.distance_unit, 'km') as distance_unit
from (select) one left join user_preferences p on p.user_id = app_private.current_user_id()
"""

SAVE_PREFERENCES = """
insert into user_preferences (email_notifications, distance_unit)
values (coalesce(%(email)s, true), coalesce(%(unit)s, 'km'))
on conflict (user_id) do update
set email_notifications = coalesce(%(email)s, user_preferences.email_notifications),
    distance_unit = coalesce(%(unit)s, user_preferences.distance_unit)
returning email_notifications, distance_unit
"""

PRACTICE = "select app_private.notify_practice(%(practice)s, %(published)s, %(changed)s, %(cancelled)s) as queued"
