import { useQuery } from "@tanstack/react-query";
import { type FormEvent, useId, useState } from "react";
import { Navigate } from "react-router";

import { api } from "../../api/client";
import { unwrap } from "../../api/query";
import { useMe } from "../../auth/session";
import { QueryState } from "../../components/QueryState";
import { formatDay } from "../../lib/days";
import { useRefreshWhenLanded } from "../../lib/pendingWrites";
import { useTitle } from "../../lib/title";
import { queueWrite } from "../../offline/outbox";
import { type Answers, ITEMS, type ItemKey, type WellnessDay, answersFrom, checkinBody, total } from "./items";

const wellnessKey = (athleteId: string) => ["athlete", athleteId, "wellness"] as const;
const wellnessPath = (athleteId: string) => `/api/v1/athletes/${athleteId}/wellness`;

function useWellness(athleteId: string) {
  return useQuery({
    queryKey: wellnessKey(athleteId),
    queryFn: () => unwrap(api.GET("/api/v1/athletes/{athlete_id}/wellness", { params: { path: { athlete_id: athleteId } } })),
  });
}

function Scale({ item, value, onChange }: { item: (typeof ITEMS)[number]; value: number | undefined; onChange: (v: number) => void }) {
  const name = useId();
  const hint = useId();
  return (
    <fieldset className="gym-checkin-item" aria-describedby={hint}>
      <legend>{item.question}</legend>
      <div className="gym-checkin-scale">
        {[1, 2, 3, 4, 5].map((n) => (
          <label key={n} className={value === n ? "gym-checkin-choice gym-checkin-chosen" : "gym-checkin-choice"}>
            <input type="radio" name={name} value={n} checked={value === n} onChange={() => onChange(n)} required />
            <span>{n}</span>
            {n === 1 && <span className="visually-hidden"> ({item.worst})</span>}
            {n === 5 && <span className="visually-hidden"> ({item.best})</span>}
          </label>
        ))}
      </div>
      <p id={hint} className="gym-checkin-ends">
        <span>1 · {item.worst}</span>
        <span>5 · {item.best}</span>
      </p>
    </fieldset>
  );
}

function CheckInForm({ athleteId, today, done }: { athleteId: string; today: string; done: WellnessDay | undefined }) {
  const [answers, setAnswers] = useState<Answers>(answersFrom(done));
  const [message, setMessage] = useState("");
  const pending = useRefreshWhenLanded(`${wellnessPath(athleteId)}/${today}`, wellnessKey(athleteId));
  const hoursId = useId();
  const noteId = useId();
  const body = checkinBody(answers);
  const set = (change: Partial<Answers>) => {
    setAnswers({ ...answers, ...change });
    setMessage("");
  };
  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (body === null) return;
    const existing = done && done.version !== null ? done : undefined;
    await queueWrite({
      method: "PUT",
      path: `${wellnessPath(athleteId)}/${today}`,
      body,
      // A first check-in of the day needs no If-Match; changing one does (docs/api.md, "Wellness check-in"). No
      // `conflict`: a check-in has no GET of its own answering an ETag for the outbox to re-read; a 412 shows as a
      // failed write in the sync list.
      ifMatch: existing ? `"v${existing.version}"` : null,
      label: `Check-in · ${formatDay(today)}`,
      invalidates: [wellnessKey(athleteId)],
    });
    setMessage(`Saved: ${total(body)} of 25. It syncs as soon as there is a connection.`);
  };
  return (
    <form onSubmit={(e) => void save(e)} className="gym-checkin-form">
      {done && (
        <p className="gym-checkin-done">
          You checked in today: {done.wellness_total} of 25. Change anything and save again.
        </p>
      )}
      {ITEMS.map((item) => (
        <Scale key={item.key} item={item} value={answers[item.key]} onChange={(v) => set({ [item.key]: v } as Partial<Record<ItemKey, number>>)} />
      ))}
      <div className="field">
        <label htmlFor={hoursId}>Sleep hours</label>
        <input
          id={hoursId}
          type="number"
          inputMode="decimal"
          min={0}
          max={24}
          step={0.5}
          value={answers.sleep_hours}
          onChange={(e) => set({ sleep_hours: e.target.value })}
          required
        />
      </div>
      <div className="field">
        <label htmlFor={noteId}>Note (optional)</label>
        <textarea id={noteId} rows={2} maxLength={1000} value={answers.note} onChange={(e) => set({ note: e.target.value })} />
      </div>
      <button type="submit" className="primary gym-wide">
        Save
      </button>
      <p aria-live="polite" className="gym-message">
        {message}
        {pending.length > 0 && message === "" && "Your check-in is waiting to sync."}
      </p>
    </form>
  );
}

/** The athlete's daily wellness check-in, in under a minute: five taps, the hours slept, Save. */
export function CheckIn() {
  useTitle("Check-in");
  const me = useMe().data;
  if (me === undefined) return null;
  if (!me?.athlete) return <Navigate to="/" replace />;
  return <AthleteCheckIn athleteId={me.athlete.id} />;
}

function AthleteCheckIn({ athleteId }: { athleteId: string }) {
  const wellness = useWellness(athleteId);
  return (
    <section aria-labelledby="gym-checkin-title" className="gym-checkin-screen">
      <h1 id="gym-checkin-title">Check-in</h1>
      <p className="hint">How do you feel this morning? 1 is the worst, 5 the best (McLean et al. 2010).</p>
      <QueryState query={wellness}>
        {(list) => (
          <CheckInForm
            key={list.items.find((d) => d.checkin_date === list.to)?.version ?? "new"}
            athleteId={athleteId}
            today={list.to}
            done={list.items.find((d) => d.checkin_date === list.to)}
          />
        )}
      </QueryState>
    </section>
  );
}
