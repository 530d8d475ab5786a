/**
 * A minimal log form (pwa's own, for the offline tests and the bench until the athlete screens' Log session
 * lands): reads the session with its ETag and queues the log through the outbox — complete for a planned
 * session, an edit of the actuals for a done one — with If-Match and the conflict base.
 */
import { useQuery } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useParams } from "react-router";

import { api } from "../api/client";
import { problemMessage, unwrap } from "../api/query";
import { useTitle } from "../lib/title";
import { queueWrite } from "./outbox";

const ACTUALS = ["actual_duration_sec", "actual_distance_m", "actual_rpe", "actual_description"] as const;

function useSessionWithEtag(sessionId: string) {
  return useQuery({
    queryKey: ["session", sessionId, "etag"],
    queryFn: async () => {
      const call = api.GET("/api/v1/sessions/{session_id}", { params: { path: { session_id: sessionId } } });
      const session = await unwrap(call);
      return { session, etag: (await call).response.headers.get("ETag") };
    },
  });
}

function numberOrNull(text: string, scale = 1): number | null {
  return text.trim() === "" ? null : Math.round(Number(text) * scale);
}

export function LogActuals() {
  useTitle("Log session");
  const sessionId = useParams().sessionId ?? "";
  const read = useSessionWithEtag(sessionId);
  const [minutes, setMinutes] = useState("");
  const [km, setKm] = useState("");
  const [rpe, setRpe] = useState("");
  const [notes, setNotes] = useState("");
  const [saved, setSaved] = useState(false);
  if (read.isPending) return <p role="status">Loading…</p>;
  if (read.isError) return <p role="alert">{problemMessage(read.error)}</p>;
  const { session, etag } = read.data;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const body = {
      actual_duration_sec: numberOrNull(minutes, 60),
      actual_distance_m: numberOrNull(km, 1000),
      actual_rpe: numberOrNull(rpe),
      actual_description: notes.trim() === "" ? null : notes.trim(),
    };
    const sent = Object.fromEntries(Object.entries(body).filter(([, value]) => value !== null));
    const base = Object.fromEntries(ACTUALS.filter((f) => f in sent).map((f) => [f, session[f]]));
    const path = `/api/v1/sessions/${sessionId}`;
    await queueWrite({
      method: session.completed_at === null ? "POST" : "PATCH",
      path: session.completed_at === null ? `${path}/complete` : path,
      body: sent,
      ifMatch: etag,
      label: `Log · ${session.title ?? session.workout_category}, ${session.scheduled_date ?? ""}`,
      conflict: { resourcePath: path, base },
      invalidates: [["session", sessionId]],
    });
    setSaved(true);
  };

  return (
    <section aria-labelledby="log-heading">
      <h1 id="log-heading">Log session</h1>
      <p>{session.title ?? session.workout_category}</p>
      <form onSubmit={(e) => void submit(e)}>
        <div className="field">
          <label htmlFor="log-duration">Duration (minutes)</label>
          <input id="log-duration" inputMode="decimal" value={minutes} onChange={(e) => setMinutes(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="log-distance">Distance (km)</label>
          <input id="log-distance" inputMode="decimal" value={km} onChange={(e) => setKm(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="log-rpe">RPE (0–10)</label>
          <input id="log-rpe" inputMode="numeric" value={rpe} onChange={(e) => setRpe(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="log-notes">Notes</label>
          <textarea id="log-notes" value={notes} onChange={(e) => setNotes(e.target.value)} />
        </div>
        <button type="submit" className="primary">
          Save
        </button>
        {saved && <p role="status">Saved — it syncs when the network allows.</p>}
      </form>
    </section>
  );
}
