import { useState } from "react";

import { useTitle } from "../lib/title";
import { dropWrite, keepMine, type QueuedWrite, retryWrite, useOutbox } from "./outbox";
import { fieldWords, STATE_WORDS, timeWords, valueWords } from "./words";

function ConflictChoice({ write }: { write: QueuedWrite }) {
  const mine = typeof write.body === "object" && write.body !== null ? (write.body as Record<string, unknown>) : {};
  const server = write.server?.values ?? {};
  return (
    <>
      <table className="sync-conflict">
        <caption>Changed on both sides</caption>
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">Yours</th>
            <th scope="col">On the server</th>
          </tr>
        </thead>
        <tbody>
          {Object.keys(server).map((field) => (
            <tr key={field}>
              <th scope="row">{fieldWords(field)}</th>
              <td>{valueWords(mine[field])}</td>
              <td>{valueWords(server[field])}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="sync-actions">
        <button type="button" className="primary" onClick={() => void keepMine(write.key)}>
          Keep mine
        </button>
        <button type="button" onClick={() => void dropWrite(write.key)}>
          Keep theirs
        </button>
      </div>
    </>
  );
}

function FailedChoice({ write }: { write: QueuedWrite }) {
  const [confirming, setConfirming] = useState(false);
  if (confirming) {
    return (
      <div className="sync-actions" role="group" aria-label="Discard this change?">
        <span>Discard this change? It will not reach the server.</span>
        <button type="button" className="danger" onClick={() => void dropWrite(write.key)}>
          Discard change
        </button>
        <button type="button" onClick={() => setConfirming(false)}>
          Keep it
        </button>
      </div>
    );
  }
  return (
    <div className="sync-actions">
      <button type="button" className="primary" onClick={() => void retryWrite(write.key)}>
        Retry
      </button>
      <button type="button" onClick={() => setConfirming(true)}>
        Discard
      </button>
    </div>
  );
}

function QueuedWriteItem({ write }: { write: QueuedWrite }) {
  return (
    <li className={`sync-write sync-write-${write.state}`}>
      <h2>{write.label}</h2>
      <p>
        {STATE_WORDS[write.state]} · saved {timeWords(write.queuedAt)}
      </p>
      {write.error !== undefined && <p className="error">{write.error}</p>}
      {write.state === "conflict" && <ConflictChoice write={write} />}
      {write.state === "failed" && <FailedChoice write={write} />}
    </li>
  );
}

/** Every change not yet on the server, oldest first, with what each needs. */
export function SyncScreen() {
  useTitle("Sync");
  const outbox = useOutbox();
  return (
    <section className="sync-screen" aria-labelledby="sync-heading">
      <h1 id="sync-heading">Sync</h1>
      {outbox.writes.length === 0 ? (
        <p>All your changes are on the server.</p>
      ) : (
        <ol className="sync-list">
          {outbox.writes.map((write) => (
            <QueuedWriteItem key={write.key} write={write} />
          ))}
        </ol>
      )}
    </section>
  );
}
