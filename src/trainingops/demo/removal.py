"""Remove rows and everything that hangs off them, table by table, children before parents, in an order and with
conditions derived from the catalog's foreign keys.

Why not ``delete from programs`` and let ``on delete cascade`` do the rest: PostgreSQL runs each cascade as its
own statement and checks a NO ACTION key as soon as its referenced rows are gone. Deleting a program removes its
``training_events`` (whose check then finds ``workout_steps`` still pointing at them) before the cascade through
``workouts`` has removed those steps: ``workout_steps_event_fk`` fails. The same race exists between
``workouts`` and ``practice_session_workouts``/``practice_assignments``. Deleting each table's doomed rows before
their parents' never meets it, whatever the API created in between; and a table added later is covered by its
foreign keys without a change here.

A row is doomed when it is a root (listed by id) or one of its CASCADE, RESTRICT or NO ACTION keys points at a
doomed row. SET NULL and SET DEFAULT keys say "the row outlives its parent": such rows are kept (PostgreSQL
clears the reference), unless another key dooms them.
"""

from __future__ import annotations

import graphlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

import psycopg
from psycopg import sql
from psycopg.rows import dict_row

# pg_constraint.confdeltype: the actions under which the child row cannot outlive its parent.
DOOMING_ACTIONS = frozenset({"a", "r", "c"})  # NO ACTION, RESTRICT, CASCADE

FOREIGN_KEYS_QUERY = """
select c.conname as name, child.relname as table_name, parent.relname as parent, c.confdeltype as on_delete,
       array(select a.attname::text from unnest(c.conkey) with ordinality k(attnum, i)
             join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.attnum order by k.i) as columns,
       array(select a.attname::text from unnest(c.confkey) with ordinality k(attnum, i)
             join pg_attribute a on a.attrelid = c.confrelid and a.attnum = k.attnum order by k.i) as parent_columns
from pg_constraint c
join pg_class child on child.oid = c.conrelid
join pg_class parent on parent.oid = c.confrelid
where c.contype = 'f' and child.relnamespace = 'public'::regnamespace
  and parent.relnamespace = 'public'::regnamespace
order by c.conname
"""


@dataclass(frozen=True)
class ForeignKey:
    name: str
    table: str
    columns: tuple[str, ...]
    parent: str
    parent_columns: tuple[str, ...]
    on_delete: str  # pg_constraint.confdeltype

    @property
    def dooms_child(self) -> bool:
        return self.on_delete in DOOMING_ACTIONS


async def foreign_keys(conn: psycopg.AsyncConnection[Any]) -> list[ForeignKey]:
    cursor = conn.cursor(row_factory=dict_row)
    await cursor.execute(FOREIGN_KEYS_QUERY)
    return [
        ForeignKey(
            r["name"], r["table_name"], tuple(r["columns"]), r["parent"], tuple(r["parent_columns"]), r["on_delete"]
        )
        for r in await cursor.fetchall()
    ]


@dataclass(frozen=True)
class RemovalPlan:
    """Which tables can hold doomed rows, the order to empty them in, and the keys that doom their rows."""

    roots: tuple[str, ...]
    order: tuple[str, ...]  # children before parents
    keys: tuple[ForeignKey, ...]  # dooming keys between tables of the plan (self-references left out)

    @classmethod
    def derive(cls, keys: Sequence[ForeignKey], roots: Sequence[str]) -> RemovalPlan:
        doomed = set(roots)
        frontier = list(roots)
        while frontier:
            parent = frontier.pop()
            for key in keys:
                if key.parent == parent and key.dooms_child and key.table not in doomed:
                    doomed.add(key.table)
                    frontier.append(key.table)
        # Every key between doomed tables orders them, SET NULL ones too: a row about to go is deleted before
        # its parent rather than updated first (which would run its update triggers for nothing).
        sorter: graphlib.TopologicalSorter[str] = graphlib.TopologicalSorter()
        for table in sorted(doomed):
            sorter.add(table)
        for key in keys:
            if key.table in doomed and key.parent in doomed and key.table != key.parent:
                sorter.add(key.parent, key.table)
        sorter.prepare()  # graphlib.CycleError: two tables that must each go first; decide by hand
        order: list[str] = []
        while sorter.is_active():
            ready = sorted(sorter.get_ready())  # name order: the same plan on every run
            order.extend(ready)
            sorter.done(*ready)
        dooming = tuple(
            k for k in keys if k.dooms_child and k.table in doomed and k.parent in doomed and k.table != k.parent
        )
        return cls(tuple(roots), tuple(order), dooming)

    def _only_a_root(self, table: str) -> bool:
        return table in self.roots and not any(key.table == table for key in self.keys)

    def condition(self, table: str, alias: str = "t0") -> sql.Composable:
        """``alias`` (a row of ``table``) is doomed; roots are matched by ``id`` against a named parameter."""
        depth = int(alias[1:])
        terms: list[sql.Composable] = []
        if table in self.roots:
            terms.append(sql.SQL("{}.id = any ({})").format(sql.Identifier(alias), sql.Placeholder(table)))
        for key in self.keys:
            if key.table != table:
                continue
            if key.parent_columns == ("id",) and self._only_a_root(key.parent):
                # The parent is doomed only by its id: compare the column itself (it can use its index).
                terms.append(
                    sql.SQL("{}.{} = any ({})").format(
                        sql.Identifier(alias), sql.Identifier(key.columns[0]), sql.Placeholder(key.parent)
                    )
                )
                continue
            parent_alias = f"t{depth + 1}"
            joins = sql.SQL(" and ").join(
                sql.SQL("{}.{} = {}.{}").format(
                    sql.Identifier(parent_alias), sql.Identifier(p), sql.Identifier(alias), sql.Identifier(c)
                )
                for c, p in zip(key.columns, key.parent_columns, strict=True)
            )
            terms.append(
                sql.SQL("exists (select from {} {} where {} and ({}))").format(
                    sql.Identifier(key.parent),
                    sql.Identifier(parent_alias),
                    joins,
                    self.condition(key.parent, parent_alias),
                )
            )
        return sql.SQL(" or ").join(terms) if terms else sql.SQL("false")

    def statements(self) -> list[tuple[str, sql.Composed]]:
        return [
            (table, sql.SQL("delete from {} t0 where {}").format(sql.Identifier(table), self.condition(table)))
            for table in self.order
        ]


async def remove(conn: psycopg.AsyncConnection[Any], roots: Mapping[str, Sequence[UUID]]) -> dict[str, int]:
    """Delete the rows of ``roots`` (table -> ids) and every row that hangs off them, inside the caller's
    transaction; return the rows deleted per table."""
    plan = RemovalPlan.derive(await foreign_keys(conn), list(roots))
    params = {table: list(ids) for table, ids in roots.items()}
    deleted: dict[str, int] = {}
    cursor = conn.cursor()
    for table, statement in plan.statements():
        await cursor.execute(statement, params)
        deleted[table] = cursor.rowcount
    return deleted
