import { useId } from "react";
import { Link } from "react-router";

import { problemMessage } from "../api/query";
import { QueryState } from "../components/QueryState";
import { formatInstant } from "../lib/days";
import { usePreferences, useUpdatePreferences } from "../lib/preferences";
import { useTitle } from "../lib/title";
import { useMarkRead, useNotifications } from "./notifications/queries";

function Settings() {
  const preferences = usePreferences();
  const update = useUpdatePreferences();
  const emailId = useId();
  const unitId = useId();
  return (
    <section aria-labelledby="settings-title" className="panel">
      <h2 id="settings-title">Settings</h2>
      <QueryState query={preferences}>
        {(p) => (
          <div className="toolbar">
            <input
              id={emailId}
              type="checkbox"
              checked={p.email_notifications}
              onChange={(e) => update.mutate({ email_notifications: e.target.checked })}
            />
            <label htmlFor={emailId}>Email me these notifications too</label>
            <label htmlFor={unitId}>Distances in</label>
            <select
              id={unitId}
              value={p.distance_unit}
              onChange={(e) => update.mutate({ distance_unit: e.target.value === "mi" ? "mi" : "km" })}
            >
              <option value="km">kilometres</option>
              <option value="mi">miles</option>
            </select>
            {update.isError && (
              <span role="alert" className="error">
                {problemMessage(update.error)}
              </span>
            )}
          </div>
        )}
      </QueryState>
    </section>
  );
}

/** The user's feed: practices published or changed, comments, athletes' logs that need a look; newest first. */
export function Notifications() {
  useTitle("Notifications");
  const feed = useNotifications();
  const markRead = useMarkRead();
  const unread = feed.data?.pages[0]?.unread ?? 0;
  return (
    <section aria-labelledby="notifications-title">
      <h1 id="notifications-title">Notifications</h1>
      <div className="toolbar">
        <p className="hint" aria-live="polite">
          {unread === 0 ? "Nothing unread." : `${unread} unread.`}
        </p>
        {unread > 0 && (
          <button type="button" onClick={() => markRead.mutate({ all: true })} disabled={markRead.isPending}>
            Mark all read
          </button>
        )}
      </div>
      <QueryState query={feed}>
        {(data) => {
          const items = data.pages.flatMap((p) => p.items);
          if (items.length === 0) {
            return <p>No notifications yet. Published practices, comments and athletes&apos; logs that need a look appear here.</p>;
          }
          return (
            <>
              <ul className="notifications">
                {items.map((n) => (
                  <li key={n.id} className={n.read_at ? undefined : "unread"}>
                    <p className="notification-meta">
                      {n.read_at ? "" : "Unread · "}
                      {formatInstant(n.created_at, undefined)}
                    </p>
                    {n.link ? (
                      <Link to={n.link} onClick={() => !n.read_at && markRead.mutate({ ids: [n.id] })}>
                        {n.title}
                      </Link>
                    ) : (
                      <span>{n.title}</span>
                    )}
                    <p>{n.body}</p>
                    {!n.read_at && (
                      <button type="button" className="link-button" onClick={() => markRead.mutate({ ids: [n.id] })}>
                        Mark read<span className="visually-hidden">: {n.title}</span>
                      </button>
                    )}
                  </li>
                ))}
              </ul>
              {feed.hasNextPage && (
                <button type="button" onClick={() => void feed.fetchNextPage()} disabled={feed.isFetchingNextPage}>
                  Show older
                </button>
              )}
            </>
          );
        }}
      </QueryState>
      <Settings />
    </section>
  );
}
