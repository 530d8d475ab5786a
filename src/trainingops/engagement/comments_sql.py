"""SQL of comments and reviews. Every statement runs as the caller: row-level security decides which sessions and
comments exist (a comment is visible where its session is), and the database holds the author and edit-window
rules (migration 0019)."""

from __future__ import annotations

# A comment as the API shows it, with its edit history (the text before each edit; none once deleted).
COMMENT_JSON = """
json_build_object(
  'id', c.id, 'session_id', c.session_id,
  'author', json_build_object('user_id', c.author_user_id, 'name', u.name),
  'mine', c.author_user_id = app_private.current_user_id(),
  'body', c.body, 'deleted', c.deleted_at is not null,
  'created_at', c.created_at, 'edited_at', c.edited_at, 'deleted_at', c.deleted_at,
  'editable_until', case when c.deleted_at is null then c.created_at + %(window)s::interval end,
  'version', c.version,
  'edits', coalesce((select json_agg(json_build_object('kind', e.kind, 'edited_by', e.edited_by,
                                                       'edited_at', e.edited_at, 'previous_body', e.previous_body)
                                     order by e.id)
                     from session_comment_edits e where e.comment_id = c.id), '[]'))
"""
COMMENT_FROM = "session_comments c left join users u on u.id = c.author_user_id"

# The thread, and whether the session is visible at all (a hidden session and a missing one: the same 404).
THREAD = f"""
select exists (select from athlete_training_sessions s where s.id = %(session)s) as visible,
       (select coalesce(json_agg({COMMENT_JSON} order by c.created_at, c.id), '[]')::text
        from {COMMENT_FROM} where c.session_id = %(session)s) as items
"""

ONE_COMMENT = f"select {COMMENT_JSON}::text as body, c.version from {COMMENT_FROM} where c.id = %(comment)s"

INSERT = """
insert into session_comments (session_id, body)
select s.id, %(body)s from athlete_training_sessions s where s.id = %(session)s
returning id
"""

# What the caller may do with a comment they see.
COMMENT_STATE = """
select c.version, c.deleted_at is not null as deleted, c.author_user_id = app_private.current_user_id() as mine,
       now() > c.created_at + %(window)s::interval as window_closed
from session_comments c where c.id = %(comment)s
"""

UPDATE_BODY = (
    "update session_comments set body = %(body)s where id = %(comment)s and version = %(version)s returning id"
)

# A session as the reviewer sees it: whether they are its program's staff, whether it is completed and reviewed.
REVIEW_STATE = """
select s.completed_at is not null as completed,
       s.program_ids && (select app_private.staff_program_ids())::uuid[] as staff,
       exists (select from session_reviews r where r.session_id = s.id) as reviewed
from athlete_training_sessions s where s.id = %s
"""
REVIEW = "insert into session_reviews (session_id) values (%s) on conflict (session_id) do nothing"
UNREVIEW = "delete from session_reviews where session_id = %s"
