import { type FormEvent, useId, useRef, useState } from "react";

import { api } from "../api/client";
import { unwrap } from "../api/query";
import type { components } from "../api/schema";
import { useTitle } from "../lib/title";
import { type Feed, keys, useAdminMutation, useAthletes, useFeeds, useRowChanges, useSeasons } from "./api";
import { useAdmin } from "./scope";
import { AdminTable, ChangeFeedback, ErrorMessage, Field, LoadingRows, StatusLine } from "./ui";

type Created = components["schemas"]["FeedCreated"];

/** Private calendar links (iCalendar) of a season's practices or one athlete's sessions: create, copy, revoke. */
export function CalendarFeeds() {
  useTitle("Calendar feeds");
  const { program } = useAdmin();
  const feeds = useFeeds();
  const seasons = useSeasons(program.id).data ?? [];
  const athletes = useAthletes(program.id).data ?? [];
  const [created, setCreated] = useState<Created | null>(null);
  const revoke = useRowChanges(
    (feed: Feed) => unwrap(api.DELETE("/api/v1/calendar-feeds/{feed_id}", { params: { path: { feed_id: feed.id } } })),
    [keys.feeds],
  );
  const nameOf = (feed: Feed): string => {
    if (feed.team_season_id)
      return `Practices of ${seasons.find((s) => s.id === feed.team_season_id)?.name ?? "a season"}`;
    return `Sessions of ${athletes.find((a) => a.id === feed.athlete_id)?.name ?? "an athlete"}`;
  };
  const live = (feeds.data ?? []).filter((f) => f.revoked_at === null);

  return (
    <section aria-labelledby="feeds-title">
      <h2 id="feeds-title">Calendar feeds</h2>
      <p className="hint">
        A feed link lets a calendar app (Google, Apple, Outlook) show the sessions. Anyone with the link can read it, so
        it is shown once: copy it now, and revoke it if it leaks. Feeds are yours: other staff make their own.
      </p>
      <NewFeed
        onCreated={(feed) => {
          revoke.setDone(null);
          setCreated(feed);
        }}
      />
      {created && <NewFeedLink feed={created} name={nameOf({ ...created, revoked_at: null })} />}
      <ChangeFeedback error={revoke.error} done={revoke.done} />
      {feeds.isPending && <LoadingRows label="your feeds" />}
      <ErrorMessage error={feeds.error} />
      {feeds.data && live.length === 0 && <p>You have no feed links yet.</p>}
      {live.length > 0 && (
        <AdminTable caption="Your calendar feeds" columns={["Feed", "Created", "Actions"]}>
          {live.map((feed) => (
            <tr key={feed.id}>
              <th scope="row">{nameOf(feed)}</th>
              <td>{new Date(feed.created_at).toLocaleString()}</td>
              <td>
                <button
                  type="button"
                  className="danger"
                  disabled={revoke.busy}
                  onClick={() => {
                    if (created?.id === feed.id) setCreated(null);
                    revoke.apply(feed, `${nameOf(feed)}: link revoked; calendars using it stop updating.`);
                  }}
                >
                  Revoke {nameOf(feed)}
                </button>
              </td>
            </tr>
          ))}
        </AdminTable>
      )}
    </section>
  );
}

function NewFeed({ onCreated }: { onCreated: (feed: Created) => void }) {
  const { program } = useAdmin();
  const seasons = useSeasons(program.id).data ?? [];
  const athletes = useAthletes(program.id).data ?? [];
  const [kind, setKind] = useState<"season" | "athlete">("season");
  const [chosenId, setChosenId] = useState("");
  const choices = kind === "season" ? seasons : athletes;
  const chosen = choices.some((c) => c.id === chosenId) ? chosenId : (choices[0]?.id ?? "");
  const kindName = useId();
  const create = useAdminMutation(
    () =>
      unwrap(
        api.POST("/api/v1/calendar-feeds", {
          body: kind === "season" ? { team_season_id: chosen } : { athlete_id: chosen },
        }),
      ),
    [keys.feeds],
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(undefined, { onSuccess: onCreated });
  };
  return (
    <form onSubmit={submit} className="panel" aria-labelledby="new-feed-title">
      <h3 id="new-feed-title">New feed link</h3>
      <ErrorMessage error={create.error} />
      <fieldset className="form-row plain-fieldset">
        <legend>The feed shows</legend>
        <label>
          <input type="radio" name={kindName} checked={kind === "season"} onChange={() => setKind("season")} /> A
          season&apos;s practices
        </label>
        <label>
          <input type="radio" name={kindName} checked={kind === "athlete"} onChange={() => setKind("athlete")} /> One
          athlete&apos;s sessions
        </label>
      </fieldset>
      <Field label={kind === "season" ? "Season" : "Athlete"}>
        {(p) => (
          <select {...p} value={chosen} onChange={(e) => setChosenId(e.target.value)}>
            {choices.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <button type="submit" className="primary" disabled={create.isPending || chosen === ""}>
        Create feed link
      </button>
    </form>
  );
}

/** The new link, shown once, with a copy button (the clipboard, else the text selected for Ctrl+C). */
function NewFeedLink({ feed, name }: { feed: Created; name: string }) {
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<string | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(feed.url);
      setCopied("Link copied.");
    } catch {
      input.current?.select();
      setCopied("The link is selected: press Ctrl+C (⌘C) to copy it.");
    }
  };
  return (
    <div className="panel">
      <h3>{name}: your new link</h3>
      <p>Copy it now: it is not shown again.</p>
      <div className="toolbar">
        <Field label="Feed link">
          {(p) => <input {...p} ref={input} readOnly value={feed.url} size={60} onFocus={(e) => e.target.select()} />}
        </Field>
        <button type="button" onClick={() => void copy()}>
          Copy link
        </button>
      </div>
      {copied && <StatusLine>{copied}</StatusLine>}
    </div>
  );
}
