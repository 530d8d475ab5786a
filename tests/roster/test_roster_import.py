"""A season's roster from CSV (``POST /team-seasons/{id}/roster:import``): all rows or none, every bad row in one
answer, athletes of the program matched and new ones created with their email kept for the invitation."""

from __future__ import annotations

from typing import Any

from tests.support.api import Api, answer

CSV = {"Content-Type": "text/csv"}
HEADER = "name,email,event_group,status,sex,date_of_birth\n"


def _import(api: Api, text: str, *, actor: str = "C1", dry_run: bool = False) -> Any:
    query = "?dry_run=true" if dry_run else ""
    path = f"/api/v1/team-seasons/{api.world.ids['s1']}/roster:import{query}"
    return api.request(actor, "POST", path, content=text.encode(), headers=CSV)


def _roster(api: Api) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = api.request("C1", "GET", f"/api/v1/team-seasons/{api.world.ids['s1']}/roster").json()[
        "items"
    ]
    return items


def _forty(bad_row: int | None = None) -> str:
    lines = []
    for n in range(1, 41):
        group = "Distance" if n % 2 else "Sprints"
        status = "retired" if n == bad_row else ("redshirt" if n % 10 == 0 else "active")
        sex = "female" if n % 3 else "male"
        lines.append(f"Runner {n:02d},runner{n:02d}@school.example,{group},{status},{sex},2006-01-{n % 28 + 1:02d}")
    return HEADER + "\n".join(lines) + "\n"


def test_forty_rows_with_one_bad_write_nothing_and_once_fixed_all_go_in(api: Api) -> None:
    groups = f"/api/v1/programs/{api.world.ids['p1']}/event-groups"
    assert api.request("C1", "POST", groups, json={"name": "Sprints"}).status_code == 201
    before = _roster(api)

    refused = _import(api, _forty(bad_row=17))
    assert answer(refused) == (422, "import_invalid")
    assert (refused.json()["error_count"], refused.json()["errors"]) == (
        1,
        [{"row": 18, "column": "status", "detail": "Input should be 'active', 'injured', 'redshirt' or 'inactive'"}],
    )
    assert _roster(api) == before
    assert len(api.request("C1", "GET", f"/api/v1/programs/{api.world.ids['p1']}/athletes").json()["items"]) == 3

    done = _import(api, _forty())
    assert done.status_code == 201, done.text
    report = done.json()
    assert {
        k: report[k] for k in ("rows", "athletes_created", "athletes_matched", "entries_created", "entries_existing")
    } == {
        "rows": 40,
        "athletes_created": 40,
        "athletes_matched": 0,
        "entries_created": 40,
        "entries_existing": 0,
    }
    assert [i["row"] for i in report["items"]] == list(range(2, 42))
    assert all(i["athlete_id"] and i["roster_entry_id"] and i["athlete"] == "created" for i in report["items"])
    roster = {e["name"]: e for e in _roster(api)}
    assert len(roster) == 43
    assert (roster["Runner 10"]["event_group"], roster["Runner 10"]["status"]) == ("Sprints", "redshirt")
    athlete = api.request("C1", "GET", f"/api/v1/athletes/{report['items'][0]['athlete_id']}").json()
    assert (athlete["email"], athlete["sex"], athlete["user_id"]) == ("runner01@school.example", "female", None)

    again = _import(api, _forty())
    assert again.status_code == 200, again.text
    assert (again.json()["athletes_matched"], again.json()["entries_existing"], again.json()["entries_created"]) == (
        40,
        40,
        0,
    )
    assert len(_roster(api)) == 43


def test_every_bad_row_is_reported_in_one_answer(api: Api) -> None:
    groups = f"/api/v1/programs/{api.world.ids['p1']}/event-groups"
    old = api.request("C1", "POST", groups, json={"name": "Old"})
    assert (
        api.request(
            "C1",
            "PATCH",
            f"/api/v1/event-groups/{old.json()['id']}",
            json={"archived": True},
            headers={"If-Match": '"v1"'},
        ).status_code
        == 200
    )
    with api.admin() as conn:  # two athletes of P1 named alike, neither with an email
        for _ in range(2):
            conn.execute(
                "insert into athletes (name, created_in_program_id) values ('Sam Lee', %s)", [api.world.ids["p1"]]
            )
    rows = [
        "Ana Ruiz,ana@x.example,Distance,active,,",  # 2: fine
        ",nobody@x.example,Distance,active,,",  # 3: no name
        "Ben Ode,not-an-email,Distance,active,,",  # 4
        "Cy Dunn,cy@x.example,Throws,active,,",  # 5: no such group in P1
        "Di Fay,di@x.example,Old,active,,",  # 6: archived
        "Ana Ruiz,ana@x.example,Distance,injured,,",  # 7: row 2 again
        "Sam Lee,,Distance,active,,",  # 8: two athletes of the program have this name
        "Eve Ng,eve@x.example,Distance,active,other,",  # 9: sex
        "Ana Ruyz,ana@x.example,,active,,",  # 10: row 2's email with another name
    ]
    refused = _import(api, HEADER + "\n".join(rows) + "\n")
    assert answer(refused) == (422, "import_invalid")
    assert refused.json()["error_count"] == 8
    assert [(e["row"], e["column"]) for e in refused.json()["errors"]] == [
        (3, "name"),
        (4, "email"),
        (5, "event_group"),
        (6, "event_group"),
        (7, "name"),
        (8, "name"),
        (9, "sex"),
        (10, "email"),
    ]
    details = {e["row"]: e["detail"] for e in refused.json()["errors"]}
    assert details[5] == 'no event group named "Throws" in this program'
    assert details[6] == 'the event group "Old" is archived'
    assert details[7] == "the same athlete and event group as row 2"
    assert details[8] == "2 athletes of this program have this name; give the email of the one you mean"
    assert details[10] == "the same email as row 2 with another name"


def test_rows_find_the_programs_athletes_by_email_then_name_and_never_another_programs(api: Api) -> None:
    text = HEADER + (
        "Athlete A1,a1@home.example,Distance,active,,\n"  # A1 by name (no email yet): already in Distance
        "Athlete A2,,,injured,,\n"  # A2 by name: a second entry, without a group
        "Athlete B1,b1@elsewhere.example,Distance,active,,\n"  # P2's athlete: not reached; a new athlete of P1
    )
    preview = _import(api, text, dry_run=True)
    assert preview.status_code == 200, preview.text
    items = preview.json()["items"]
    assert [(i["athlete"], i["entry"]) for i in items] == [
        ("matched", "existing"),
        ("matched", "created"),
        ("created", "created"),
    ]
    assert items[2]["athlete_id"] is None and items[1]["roster_entry_id"] is None
    assert len(_roster(api)) == 3  # a dry run writes nothing

    done = _import(api, text)
    assert done.status_code == 201, done.text
    items = done.json()["items"]
    assert items[0]["athlete_id"] == str(api.world.ids["a1"]) and items[1]["athlete_id"] == str(api.world.ids["a2"])
    assert items[2]["athlete_id"] != str(api.world.ids["b1"])
    a1 = api.request("A1", "GET", f"/api/v1/athletes/{api.world.ids['a1']}").json()
    assert a1["email"] == "a1@home.example"  # kept for the invitation
    b1 = api.request("C2", "GET", f"/api/v1/athletes/{api.world.ids['b1']}").json()
    assert b1["email"] is None and len(b1["rosters"]) == 1


def test_a_header_the_import_does_not_know_is_refused_whole(api: Api) -> None:
    for text, detail in (
        ("name,team\nX,Y\n", "CSV header: unknown columns: team."),
        ("email\nx@y.example\n", "CSV header: missing columns: name."),
    ):
        refused = _import(api, text)
        assert answer(refused) == (422, "invalid_input")
        assert refused.json()["detail"].startswith(detail)


def test_only_the_programs_roster_staff_import(api: Api) -> None:
    text = HEADER + "New One,,,active,,\n"
    assert answer(_import(api, text, actor="AT")) == (403, "role_required")
    assert answer(_import(api, text, actor="SC")) == (403, "role_required")
    assert answer(_import(api, text, actor="A1")) == (403, "staff_only")
    hidden, random = (
        _import(api, text, actor="C2"),
        api.request(
            "C2",
            "POST",
            "/api/v1/team-seasons/00000000-0000-4000-8000-000000000000/roster:import",
            content=text.encode(),
            headers=CSV,
        ),
    )
    assert answer(hidden) == (404, "not_found") and hidden.content == random.content
    assert _import(api, text, actor="AC").status_code == 201


def test_an_import_runs_the_same_statements_whatever_its_size(api: Api) -> None:
    database = api.client.app.state.db  # type: ignore[attr-defined]

    def statements(rows: int, prefix: str) -> int:
        text = HEADER + "".join(f"{prefix} {n},{prefix.lower()}{n}@x.example,Distance,active,,\n" for n in range(rows))
        before = database.statements_executed
        assert _import(api, text).status_code == 201
        return int(database.statements_executed - before)

    assert statements(2, "Small") == statements(40, "Large")
