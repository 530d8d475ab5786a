import { useState } from "react";
import { Link, useParams } from "react-router";

import { QueryState } from "../../components/QueryState";
import { formatDay } from "../../lib/days";
import { useRefreshWhenLanded } from "../../lib/pendingWrites";
import { sessionName } from "../../lib/sessions";
import { useTitle } from "../../lib/title";
import { useWarnUnsaved } from "../../lib/unsaved";
import { queueWrite } from "../../offline/outbox";
import { useSession } from "../session/queries";
import { AddSetForm } from "./AddSetForm";
import { setsKey, setsPath, useSessionSets } from "./queries";
import { SetCard } from "./SetCard";
import { type SessionSets, type SetEntry, addedSet, entriesFrom, setLog } from "./sets";

/** Sets grouped by exercise, in the plan's order (added sets last, as the API lists them). */
function byExercise(entries: SetEntry[]): [string, SetEntry[]][] {
  const groups = new Map<string, SetEntry[]>();
  for (const entry of entries) {
    const key = entry.stepId ?? `added:${entry.name}`;
    groups.set(key, [...(groups.get(key) ?? []), entry]);
  }
  return [...groups.values()].map((sets) => [sets[0]?.name ?? "", sets]);
}

function SetLogForm({ sessionId, label, loaded }: { sessionId: string; label: string; loaded: SessionSets }) {
  // The draft remembers the version and sets it started from: the If-Match and the conflict base of the save.
  const [draft, setDraft] = useState<{ from: SessionSets; entries: SetEntry[] } | null>(null);
  const [message, setMessage] = useState("");
  const pending = useRefreshWhenLanded(setsPath(sessionId), setsKey(sessionId));
  const entries = draft?.entries ?? entriesFrom(loaded.sets);
  const dirty = draft !== null;
  useWarnUnsaved(dirty, "Your sets are not saved yet. Leave without saving them?");
  const update = (next: SetEntry[]) => {
    setDraft({ from: draft?.from ?? loaded, entries: next });
    setMessage("");
  };
  const replace = (key: string, next: SetEntry | null) =>
    update(next === null ? entries.filter((e) => e.key !== key) : entries.map((e) => (e.key === key ? next : e)));
  const save = async () => {
    const from = draft?.from ?? loaded;
    await queueWrite({
      method: "PUT",
      path: setsPath(sessionId),
      body: setLog(entries),
      ifMatch: `"v${from.version}"`,
      label: `Sets · ${label}`,
      conflict: { resourcePath: setsPath(sessionId), base: { sets: from.sets } },
      invalidates: [setsKey(sessionId), ["session", sessionId]],
    });
    setDraft(null);
    setMessage("Saved. Your sets sync as soon as there is a connection.");
  };
  const logged = entries.filter((e) => e.status !== null).length;
  return (
    <>
      {entries.length === 0 && <p>This session has no prescribed sets. Add what you did below.</p>}
      {byExercise(entries).map(([name, sets]) => (
        <section key={`${name}/${sets[0]?.key}`} className="gym-exercise" aria-label={name}>
          <h2>{name}</h2>
          <ol className="gym-sets">
            {sets.map((entry) => (
              <SetCard key={entry.key} entry={entry} onChange={(next) => replace(entry.key, next)} />
            ))}
          </ol>
        </section>
      ))}
      <AddSetForm onAdd={(name, kg, reps) => update([...entries, addedSet(entries, name, kg, reps)])} />
      <div className="gym-save">
        <p className="hint">
          {logged} of {entries.length} sets logged
          {pending.length > 0 && " · your last save is waiting to sync"}
        </p>
        <button type="button" className="primary gym-wide" onClick={() => void save()} disabled={!dirty || pending.length > 0}>
          Save sets
        </button>
        <p aria-live="polite" className="gym-message">
          {message}
        </p>
      </div>
      <p>
        Finished? <Link to={`/today/log/${sessionId}`}>Log the session</Link> with its duration and RPE.
      </p>
    </>
  );
}

/** The athlete's gym session on the phone: each prescribed set with their kilograms and reps, logged in a tap. */
export function GymSession() {
  const { sessionId = "" } = useParams();
  const session = useSession(sessionId);
  const sets = useSessionSets(sessionId);
  useTitle(session.data ? `${sessionName(session.data)} · Sets` : "Gym session");
  return (
    <section aria-labelledby="gym-title" className="gym-screen">
      <p>
        <Link to="/today">← Today</Link>
      </p>
      <QueryState query={session} skeleton={<h1 id="gym-title">Gym session</h1>}>
        {(s) => (
          <>
            <h1 id="gym-title">{sessionName(s)}</h1>
            <p className="hint">
              {formatDay(s.session_date)} · log each set as you go, then save
            </p>
            <QueryState query={sets}>
              {(loaded) => (
                <SetLogForm
                  sessionId={sessionId}
                  label={`${sessionName(s)}, ${formatDay(s.session_date)}`}
                  loaded={loaded}
                />
              )}
            </QueryState>
          </>
        )}
      </QueryState>
    </section>
  );
}
