import { useQuery } from "@tanstack/react-query";
import { type FormEvent, useId, useState } from "react";

import { api } from "../../api/client";
import { unwrap } from "../../api/query";
import type { components } from "../../api/schema";
import { QueryState } from "../../components/QueryState";
import { formatInstant } from "../../lib/days";
import { usePendingWrites, useRefreshWhenLanded } from "../../lib/pendingWrites";
import { useWarnUnsaved } from "../../lib/unsaved";
import { type QueuedWrite, queueWrite } from "../../offline/outbox";

type Comment = components["schemas"]["Comment"];

const commentsKey = (sessionId: string) => ["session", sessionId, "comments"] as const;
const threadPath = (sessionId: string) => `/api/v1/sessions/${sessionId}/comments`;
const commentPath = (commentId: string) => `/api/v1/comments/${commentId}`;
const ifMatch = (version: number) => `"v${version}"`;

function useComments(sessionId: string) {
  return useQuery({
    queryKey: commentsKey(sessionId),
    queryFn: () =>
      unwrap(api.GET("/api/v1/sessions/{session_id}/comments", { params: { path: { session_id: sessionId } } })),
  });
}

// Posting, editing and deleting go through the outbox (Idempotency-Key; If-Match for a change): queued at once,
// sent when there is a connection, shown as "Waiting to sync" until the server has them. No `conflict` for an
// edit: a comment has no GET of its own to re-read; a 412 shows in the sync list as a failed write.
const writes = {
  post: (sessionId: string, body: string) =>
    queueWrite({
      method: "POST",
      path: threadPath(sessionId),
      body: { body },
      label: `Comment · ${body.slice(0, 40)}`,
      invalidates: [commentsKey(sessionId)],
    }),
  edit: (sessionId: string, comment: Comment, body: string) =>
    queueWrite({
      method: "PATCH",
      path: commentPath(comment.id),
      body: { body },
      ifMatch: ifMatch(comment.version),
      label: `Comment edit · ${body.slice(0, 40)}`,
      invalidates: [commentsKey(sessionId)],
    }),
  remove: (sessionId: string, comment: Comment) =>
    queueWrite({
      method: "DELETE",
      path: commentPath(comment.id),
      ifMatch: ifMatch(comment.version),
      label: "Comment deleted",
      invalidates: [commentsKey(sessionId)],
    }),
};

function SyncMark({ write }: { write: QueuedWrite }) {
  return write.state === "failed" || write.state === "conflict" ? (
    <span className="gym-sync-mark gym-sync-mark-failed"> · Not synced: {write.error ?? "see the sync list"}</span>
  ) : (
    <span className="gym-sync-mark"> · Waiting to sync</span>
  );
}

function CommentItem({ comment, sessionId, timeZone }: { comment: Comment; sessionId: string; timeZone: string | undefined }) {
  const pending = usePendingWrites(commentPath(comment.id)).at(-1);
  const [editing, setEditing] = useState(false);
  const pendingBody = pending?.method === "PATCH" ? (pending.body as { body: string }).body : null;
  const [text, setText] = useState(comment.body ?? "");
  const fieldId = useId();
  const editable = comment.mine && !comment.deleted && comment.editable_until !== null && new Date(comment.editable_until) > new Date();
  const save = (event: FormEvent) => {
    event.preventDefault();
    void writes.edit(sessionId, comment, text).then(() => setEditing(false));
  };
  return (
    <li className="comment">
      <p className="comment-meta">
        <strong>{comment.author.name ?? "A former member"}</strong> · {formatInstant(comment.created_at, timeZone)}
        {comment.edited_at && !comment.deleted && " · edited"}
        {pending && <SyncMark write={pending} />}
      </p>
      {comment.deleted || pending?.method === "DELETE" ? (
        <p className="hint">This comment was deleted.</p>
      ) : editing ? (
        <form onSubmit={save}>
          <label htmlFor={fieldId} className="visually-hidden">
            Edit your comment
          </label>
          <textarea id={fieldId} value={text} onChange={(e) => setText(e.target.value)} rows={3} maxLength={4000} />
          <div className="toolbar">
            <button type="submit" className="primary" disabled={text.trim() === ""}>
              Save
            </button>
            <button type="button" onClick={() => setEditing(false)}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <p className="comment-body">{pendingBody ?? comment.body}</p>
      )}
      {comment.mine && !comment.deleted && !editing && !pending && (
        <div className="toolbar">
          {editable && (
            <button type="button" className="link-button" onClick={() => setEditing(true)}>
              Edit<span className="visually-hidden"> your comment</span>
            </button>
          )}
          <button
            type="button"
            className="link-button"
            onClick={() => {
              if (window.confirm("Delete this comment? Its text goes; a placeholder stays in the thread.")) void writes.remove(sessionId, comment);
            }}
          >
            Delete<span className="visually-hidden"> your comment</span>
          </button>
        </div>
      )}
    </li>
  );
}

/** A comment written here that the server does not have yet. */
function PendingComment({ write }: { write: QueuedWrite }) {
  return (
    <li className="comment gym-comment-pending">
      <p className="comment-meta">
        <strong>You</strong>
        <SyncMark write={write} />
      </p>
      <p className="comment-body">{(write.body as { body: string }).body}</p>
    </li>
  );
}

/** The thread between the athlete and the staff about this session, and a field to add to it. */
export function Comments({ sessionId, timeZone }: { sessionId: string; timeZone: string | undefined }) {
  const comments = useComments(sessionId);
  const posting = useRefreshWhenLanded(threadPath(sessionId), commentsKey(sessionId));
  useRefreshWhenLanded("/api/v1/comments/", commentsKey(sessionId));
  const [text, setText] = useState("");
  const fieldId = useId();
  useWarnUnsaved(text.trim() !== "", "Your comment is not posted yet. Leave without posting it?");
  const submit = (event: FormEvent) => {
    event.preventDefault();
    // Cleared at once (the queued comment shows in the thread as it is stored); put back if it could not be queued.
    const body = text.trim();
    setText("");
    void writes.post(sessionId, body).catch(() => setText(body));
  };
  return (
    <section aria-labelledby="comments-title">
      <h2 id="comments-title">Comments</h2>
      <QueryState query={comments}>
        {(c) =>
          c.items.length === 0 && posting.length === 0 ? (
            <p>No comments yet. Ask how it went, or note what to change next time.</p>
          ) : (
            <ol className="comments">
              {c.items.map((comment) => (
                <CommentItem key={comment.id} comment={comment} sessionId={sessionId} timeZone={timeZone} />
              ))}
              {posting.map((write) => (
                <PendingComment key={write.key} write={write} />
              ))}
            </ol>
          )
        }
      </QueryState>
      <form onSubmit={submit} className="comment-form">
        <div className="field">
          <label htmlFor={fieldId}>Comment</label>
          <textarea id={fieldId} value={text} onChange={(e) => setText(e.target.value)} rows={3} maxLength={4000} />
        </div>
        <button type="submit" className="primary" disabled={text.trim() === ""}>
          Post comment
        </button>
      </form>
    </section>
  );
}
