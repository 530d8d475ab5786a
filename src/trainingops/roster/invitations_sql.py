"""The statements of invitations (``invitations``). They run as the caller: row-level security decides which
invitations exist for them (migration 0018: who may send one reads it); links are issued and accepted by the
definer functions of 0018, which keep the tokens' hashes out of the API role's reach."""

from __future__ import annotations

INVITATION_JSON = """
json_build_object('id', i.id, 'program_id', i.program_id, 'email', i.email, 'role', i.role,
  'athlete_id', i.athlete_id, 'invited_by', i.invited_by, 'created_at', i.created_at, 'expires_at', i.expires_at,
  'sent_count', i.sent_count, 'last_sent_at', i.last_sent_at, 'accepted_at', i.accepted_at,
  'revoked_at', i.revoked_at,
  'status', case when i.accepted_at is not null then 'accepted' when i.revoked_at is not null then 'revoked'
                 when i.expires_at <= now() then 'expired' else 'pending' end,
  'version', i.version)
"""

ONE = f"select {INVITATION_JSON}::text as body, i.version from invitations i where i.id = %(id)s"

PENDING = f"""
select json_build_object('items', coalesce(json_agg({INVITATION_JSON} order by i.created_at desc, i.id), '[]'))::text
  as body
from invitations i
where i.program_id = %(program)s and i.accepted_at is null and i.revoked_at is null
"""

# Whether an unexpired pending invitation to this email (for this athlete record, when one is named) exists.
PENDING_FOR = """
select i.id from invitations i
where i.program_id = %(program)s and lower(i.email) = lower(%(email)s) and i.accepted_at is null
  and i.revoked_at is null and i.expires_at > now() and i.athlete_id is not distinct from %(athlete)s
"""

IS_MEMBER = "select app_private.is_program_member_email(%(program)s, %(email)s) as member"
MAY_ROSTER = "select app_private.may_roster(%(program)s, %(athlete)s) as ours"

INSERT = """
insert into invitations (program_id, email, role, athlete_id, invited_by)
values (%(program)s, %(email)s, %(role)s, %(athlete)s, app_private.current_user_id())
returning id
"""

STATE = """
select i.program_id, i.role, i.accepted_at is null and i.revoked_at is null as pending
from invitations i where i.id = %(id)s
"""

REVOKE = """
update invitations set revoked_at = now(), revoked_by = app_private.current_user_id()
where id = %(id)s and accepted_at is null and revoked_at is null
returning id
"""

ISSUE_LINKS = "select * from app_private.issue_invitation_links(%(ids)s, %(hashes)s, %(ttl)s)"

# What an invitation email says: the program, and who invited (the caller sees themselves).
MAIL_CONTEXT = """
select p.name as program, u.name as inviter from programs p, users u
where p.id = %(program)s and u.id = app_private.current_user_id()
"""

FOR_LINK = "select * from app_private.invitation_for_link(%s)"
ACCEPT = "select * from app_private.accept_invitation(%s, %s, %s, %s, %s, %s)"
