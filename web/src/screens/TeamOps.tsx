import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import { useSearchParams } from "react-router";

import { api } from "../api/client";
import { unwrap } from "../api/query";
import { QueryState } from "../components/QueryState";
import { addDays, formatShortDay } from "../lib/days";
import { useDistanceUnit } from "../lib/preferences";
import { useTitle } from "../lib/title";
import { useProgramIdParam } from "../programs/current";
import { TeamOpsRow } from "./teamops/TeamOpsRow";
import { SORTS, type SortKey, isSortKey, sortAthletes } from "./teamops/sorting";
import { type TeamOps as TeamOpsBody, checkedIn, groupRows } from "./teamops/teamOps";

const COLUMNS = [
  "Athlete",
  "This week",
  "Compliance",
  "Missed",
  "Last completed",
  "Readiness",
  "Acute:chronic",
  "Flags",
  "Load, 28 days",
  "To review",
  "Check-in",
];

function useTeamOps(programId: string, week: string | null) {
  return useQuery({
    queryKey: ["team-ops", programId, week],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/programs/{program_id}/team-ops", {
          params: { path: { program_id: programId }, query: week ? { week } : {} },
        }),
      ),
    placeholderData: keepPreviousData,
  });
}

function WeekNavigation({ body, onWeek }: { body: TeamOpsBody; onWeek: (week: string | null) => void }) {
  const thisWeek = body.week_start <= body.today && body.today <= body.week_end;
  return (
    <div className="toolbar" role="group" aria-label="Week">
      <button type="button" onClick={() => onWeek(addDays(body.week_start, -7))}>
        <span aria-hidden="true">← </span>Previous week
      </button>
      <h2 className="month-title" aria-live="polite">
        Week of {formatShortDay(body.week_start)} – {formatShortDay(body.week_end)}
      </h2>
      <button type="button" onClick={() => onWeek(addDays(body.week_start, 7))}>
        Next week<span aria-hidden="true"> →</span>
      </button>
      {!thisWeek && (
        <button type="button" onClick={() => onWeek(null)}>
          This week
        </button>
      )}
    </div>
  );
}

function Groups({
  body,
  onlyAttention,
  onlyNotCheckedIn,
  sort,
}: {
  body: TeamOpsBody;
  onlyAttention: boolean;
  onlyNotCheckedIn: boolean;
  sort: SortKey;
}) {
  const unit = useDistanceUnit();
  if (body.athletes.length === 0) {
    return <p>No athletes on this season&apos;s roster yet. Add them in Administration → Roster.</p>;
  }
  return (
    <>
      {groupRows(body.athletes, onlyAttention, onlyNotCheckedIn).map((group) => (
        <section key={group.id} aria-labelledby={`group-${group.id}`}>
          <h3 id={`group-${group.id}`}>
            {group.name}{" "}
            <span className="hint">
              · {group.needsAttention} need{group.needsAttention === 1 ? "s" : ""} attention
            </span>
          </h3>
          {group.athletes.length === 0 ? (
            <p className="hint">
              {onlyNotCheckedIn ? "Everyone shown in this group checked in." : "Nobody in this group needs attention this week."}
            </p>
          ) : (
            <div className="table-scroll">
              <table className="sticky-head team-ops">
                <caption className="visually-hidden">{group.name}: each athlete&apos;s week</caption>
                <thead>
                  <tr>
                    {COLUMNS.map((c) => (
                      <th scope="col" key={c}>
                        {c}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {sortAthletes(group.athletes, sort).map((a) => (
                    <TeamOpsRow key={a.athlete_id} athlete={a} unit={unit} asOf={body.as_of === body.today ? null : body.as_of} />
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      ))}
    </>
  );
}

/** The Monday-morning screen: every rostered athlete's week, by event group, with who needs attention and why. */
export function TeamOps() {
  useTitle("Team Ops");
  const programId = useProgramIdParam();
  const [params, setParams] = useSearchParams();
  const week = params.get("week");
  // The filter answers at once (local state) and is kept in the address, so a reload or a shared link keeps it.
  const [onlyAttention, setOnlyAttention] = useState(params.get("attention") === "1");
  const teamOps = useTeamOps(programId, week);
  const filterId = useId();
  const checkinFilterId = useId();
  const [onlyNotCheckedIn, setOnlyNotCheckedIn] = useState(params.get("checkin") === "missing");
  const sortId = useId();
  const sortParam = params.get("sort");
  const [sort, setSort] = useState<SortKey>(isSortKey(sortParam) ? sortParam : "name");
  const update = (changes: Record<string, string | null>) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        for (const [key, value] of Object.entries(changes)) {
          if (value === null) next.delete(key);
          else next.set(key, value);
        }
        return next;
      },
      { replace: true },
    );
  return (
    <section aria-labelledby="teamops-title">
      <h1 id="teamops-title">Team Ops</h1>
      <QueryState query={teamOps} skeleton={<div className="skeleton calendar-skeleton" />}>
        {(body) => (
          <>
            <WeekNavigation body={body} onWeek={(w) => update({ week: w })} />
            <div className="toolbar">
              <input
                id={filterId}
                type="checkbox"
                checked={onlyAttention}
                onChange={(e) => {
                  setOnlyAttention(e.target.checked);
                  update({ attention: e.target.checked ? "1" : null });
                }}
              />
              <label htmlFor={filterId}>Needs attention only</label>
              <input
                id={checkinFilterId}
                type="checkbox"
                checked={onlyNotCheckedIn}
                onChange={(e) => {
                  setOnlyNotCheckedIn(e.target.checked);
                  update({ checkin: e.target.checked ? "missing" : null });
                }}
              />
              <label htmlFor={checkinFilterId}>Not checked in only</label>
              <label htmlFor={sortId}>Sort by</label>
              <select
                id={sortId}
                value={sort}
                onChange={(e) => {
                  const next = isSortKey(e.target.value) ? e.target.value : "name";
                  setSort(next);
                  update({ sort: next === "name" ? null : next });
                }}
              >
                {Object.entries(SORTS).map(([key, label]) => (
                  <option key={key} value={key}>
                    {label}
                  </option>
                ))}
              </select>
              <span className="hint" aria-live="polite">
                {body.athletes.filter((a) => a.needs_attention).length} of {body.athletes.length} athletes need
                attention · {body.athletes.filter((a) => checkedIn(a) === false).length} not checked in
              </span>
            </div>
            <Groups body={body} onlyAttention={onlyAttention} onlyNotCheckedIn={onlyNotCheckedIn} sort={sort} />
          </>
        )}
      </QueryState>
    </section>
  );
}
