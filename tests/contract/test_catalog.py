"""Catalog checks that fail when a future migration forgets a safety rule (docs/security.md, "Adding a table")."""

from __future__ import annotations

from typing import Any

import psycopg

Conn = psycopg.Connection[Any]
APP_SCHEMAS = "('public', 'app_private', 'trainingops_meta')"


def test_every_table_has_row_level_security_enabled_and_forced(admin_conn: Conn) -> None:
    unprotected = admin_conn.execute(
        "select relname from pg_class where relnamespace = 'public'::regnamespace and relkind in ('r', 'p') "
        "and not (relrowsecurity and relforcerowsecurity)"
    ).fetchall()
    assert unprotected == []


def test_every_table_the_app_can_touch_has_a_policy_for_each_granted_command(admin_conn: Conn) -> None:
    missing = admin_conn.execute(
        """
        select distinct c.relname, g.privilege_type
        from (select table_name, privilege_type, grantee, table_schema from information_schema.role_table_grants
              union all  -- column grants (INSERT and UPDATE are granted per column: docs/security.md)
              select table_name, privilege_type, grantee, table_schema from information_schema.column_privileges) g
        join pg_class c on c.relname = g.table_name and c.relnamespace = 'public'::regnamespace
        where g.grantee = 'trainingops_app' and g.table_schema = 'public'
          and g.privilege_type in ('SELECT', 'INSERT', 'UPDATE', 'DELETE')
          and not exists (
            select from pg_policy p where p.polrelid = c.oid
              and p.polcmd = case g.privilege_type when 'SELECT' then 'r' when 'INSERT' then 'a'
                                                   when 'UPDATE' then 'w' else 'd' end)
        """
    ).fetchall()
    assert missing == []


def test_every_policy_names_the_app_role_and_no_other(admin_conn: Conn) -> None:
    wrong = admin_conn.execute(
        "select polname, polroles::regrole[]::text from pg_policy "
        "where polroles <> array['trainingops_app'::regrole]::oid[]"
    ).fetchall()
    assert wrong == []


def test_insert_and_update_policies_have_with_check(admin_conn: Conn) -> None:
    without = admin_conn.execute(
        "select polname from pg_policy where polcmd in ('a', 'w') and polwithcheck is null"
    ).fetchall()
    assert without == []


def test_the_app_role_has_no_truncate_references_or_trigger_grants(admin_conn: Conn) -> None:
    grants = admin_conn.execute(
        "select table_schema, table_name, privilege_type from information_schema.role_table_grants "
        "where grantee in ('trainingops_app', 'PUBLIC') and privilege_type in ('TRUNCATE', 'REFERENCES', 'TRIGGER') "
        f"and table_schema in {APP_SCHEMAS}"
    ).fetchall()
    assert grants == []


def test_security_definer_functions_pin_search_path_and_are_not_executable_by_public(admin_conn: Conn) -> None:
    unpinned = admin_conn.execute(
        "select p.oid::regprocedure::text from pg_proc p "
        f"where p.pronamespace::regnamespace::text in {APP_SCHEMAS} and p.prosecdef "
        "and not exists (select from unnest(p.proconfig) c where c like 'search_path=%')"
    ).fetchall()
    assert unpinned == []
    public_exec = admin_conn.execute(
        "select p.oid::regprocedure::text from pg_proc p "
        "where p.pronamespace = 'app_private'::regnamespace and has_function_privilege('public', p.oid, 'execute')"
    ).fetchall()
    assert public_exec == []


def test_no_view_runs_with_its_owners_rights(admin_conn: Conn) -> None:
    views = admin_conn.execute(
        "select relname from pg_class where relkind in ('v', 'm') and relnamespace = 'public'::regnamespace "
        "and not coalesce('security_invoker=true' = any (reloptions), false)"
    ).fetchall()
    assert views == []


def test_the_app_role_cannot_use_helpers_it_was_not_granted(admin_conn: Conn) -> None:
    granted = {
        row[0]
        for row in admin_conn.execute(
            "select p.proname from pg_proc p where p.pronamespace = 'app_private'::regnamespace "
            "and has_function_privilege('trainingops_app', p.oid, 'execute')"
        ).fetchall()
    }
    assert "guard_session_update" not in granted
    assert "record_session_history" not in granted
    assert "current_user_id" in granted
    # Accounts (0016): the API role calls each sign-in step, never the helpers that skip the password check.
    assert {"create_sign_in_session", "revoke_sign_ins", "end_sign_ins_of_deactivated_member"} & granted == set()
    assert {"sign_in_credentials", "start_sign_in_session", "sign_in_is_live", "set_password"} <= granted
