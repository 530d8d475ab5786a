import { useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useId, useState, useSyncExternalStore } from "react";
import { Link, useSearchParams } from "react-router";

import { api } from "../../api/client";
import { problemMessage, unwrap } from "../../api/query";
import type { components } from "../../api/schema";
import { useMe } from "../../auth/session";
import { formatDay } from "../../lib/days";
import { useDistanceUnit } from "../../lib/preferences";
import { sessionName } from "../../lib/sessions";
import { useTitle } from "../../lib/title";
import { type DistanceUnit, formatDistance, formatDuration } from "../../lib/units";
import { athleteWindowKey, useAthleteWindow } from "./queries";

type ImportResult = components["schemas"]["ImportResultRead"];
type Segment = ImportResult["segments"][number];

function useOnline(): boolean {
  return useSyncExternalStore(
    (listener) => {
      window.addEventListener("online", listener);
      window.addEventListener("offline", listener);
      return () => {
        window.removeEventListener("online", listener);
        window.removeEventListener("offline", listener);
      };
    },
    () => navigator.onLine,
  );
}

const ACTION_WORDS: Record<Segment["action"], string> = {
  matched: "Matched to your planned session",
  attached: "Filled this session",
  created: "Filed as a new session",
};

function SegmentResult({ segment, unit }: { segment: Segment; unit: DistanceUnit }) {
  const s = segment.session;
  return (
    <li>
      <strong>{ACTION_WORDS[segment.action]}</strong>
      {s && (
        <>
          : <Link to={`/sessions/${s.id}`}>{sessionName(s)}</Link> on {formatDay(s.session_date)} —{" "}
          {formatDistance(s.actual_distance_m, unit)}, {formatDuration(s.actual_duration_sec)}
        </>
      )}
      {segment.quality.map((q) => (
        <p key={q.code} className="hint">
          Note: {q.detail}
        </p>
      ))}
    </li>
  );
}

/** The raw file to the API: the athlete's own upload (matched to a planned session or filed as a new one), or into one session. */
async function upload(file: File, athleteId: string, sessionId: string | null): Promise<ImportResult> {
  const common = {
    body: file as unknown as string,
    bodySerializer: (body: unknown) => body as BodyInit,
    headers: { "Content-Type": "application/octet-stream", "X-Filename": encodeURIComponent(file.name) },
  };
  return sessionId
    ? unwrap(api.POST("/api/v1/sessions/{session_id}/activity-file", { params: { path: { session_id: sessionId } }, ...common }))
    : unwrap(api.POST("/api/v1/athletes/{athlete_id}/activity-files", { params: { path: { athlete_id: athleteId } }, ...common }));
}

/** Upload a FIT, GPX or TCX file from the phone (online only: a file is not queued) and see where it went. */
export function UploadFile() {
  useTitle("Upload a device file");
  const id = useId();
  const online = useOnline();
  const unit = useDistanceUnit();
  const client = useQueryClient();
  const sessionId = useSearchParams()[0].get("session");
  const athleteId = useMe().data?.athlete?.id ?? "";
  const session = useAthleteWindow(athleteId).data?.sessions.find((s) => s.id === sessionId);
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);

  async function send(event: FormEvent) {
    event.preventDefault();
    if (!file) {
      setError("Choose a FIT, GPX or TCX file first.");
      return;
    }
    setBusy(true);
    setError(null);
    try {
      setResult(await upload(file, athleteId, sessionId));
      await client.invalidateQueries({ queryKey: athleteWindowKey(athleteId) });
    } catch (problem) {
      setError(problemMessage(problem));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="upload-title" className="today">
      <h1 id="upload-title">Upload a device file</h1>
      <p>
        {session
          ? `Into ${sessionName(session)}, ${formatDay(session.session_date)}.`
          : "It fills the planned session of its day, or is filed as new training."}
      </p>
      {!online && (
        <p className="read-only-note" role="alert">
          You are offline. Uploading a file needs a connection: upload it when you are back online, or log the session
          by hand now.
        </p>
      )}
      <form onSubmit={(e) => void send(e)} className="today-form">
        <div className="field today-field">
          <label htmlFor={`${id}-file`}>Device file (FIT, GPX or TCX)</label>
          <input
            id={`${id}-file`}
            type="file"
            accept=".fit,.gpx,.tcx,.gz,application/octet-stream"
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              setResult(null);
            }}
          />
        </div>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <div className="today-actions">
          <button type="submit" className="primary" disabled={!online || busy}>
            {busy ? "Uploading…" : "Upload"}
          </button>
          <Link to="/today">Back to Today</Link>
        </div>
      </form>
      {result && (
        <section aria-labelledby="upload-result" className="panel">
          <h2 id="upload-result">Uploaded {result.file.filename}</h2>
          {result.segments.length === 0 ? (
            <p>The file was stored, but none of its parts is in a session you can see.</p>
          ) : (
            <ul>
              {result.segments.map((segment) => (
                <SegmentResult key={segment.index} segment={segment} unit={unit} />
              ))}
            </ul>
          )}
        </section>
      )}
    </section>
  );
}
