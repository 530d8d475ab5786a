import { Link } from "react-router";

import { useOnline } from "./online";
import { retryWrite, useOutbox } from "./outbox";
import { needsAttention, syncWords, timeWords } from "./words";

/** The app frame's sync state: what has not reached the server yet, when it last did, and what needs the user. */
export function SyncStatus() {
  const outbox = useOutbox();
  const online = useOnline();
  const attention = outbox.writes.filter(needsAttention).length;
  const waiting = outbox.writes.some((w) => w.state === "pending" || w.state === "failed");
  return (
    <div className="sync-status">
      <p role="status" className="sync-state">
        {syncWords(outbox)}
        {outbox.lastSyncedAt !== null && (
          <span className="sync-last"> · last synced {timeWords(outbox.lastSyncedAt)}</span>
        )}
      </p>
      {attention > 0 && <Link to="/sync">{attention} need you</Link>}
      {outbox.pending > 0 && attention === 0 && <Link to="/sync">Details</Link>}
      {waiting && online && !outbox.syncing && (
        <button type="button" className="link-button" onClick={() => void retryWrite()}>
          Retry
        </button>
      )}
    </div>
  );
}

/** Said once above every screen while the browser has no network. */
export function OfflineBanner() {
  const online = useOnline();
  if (online) return null;
  return <p className="sync-offline">Offline — showing saved data. Changes are kept and sent when you are back.</p>;
}
