import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useId, useState } from "react";

import { api } from "../../api/client";
import { problemMessage, unwrap } from "../../api/query";
import type { components } from "../../api/schema";
import { QueryState } from "../../components/QueryState";
import { formatInstant } from "../../lib/days";
import { useWarnUnsaved } from "../../lib/unsaved";

type Comment = components["schemas"]["Comment"];

const ifMatch = (version: number) => ({ "If-Match": `"v${version}"` });

function useComments(sessionId: string) {
  return useQuery({
    queryKey: ["session", sessionId, "comments"],
    queryFn: () =>
      unwrap(api.GET("/api/v1/sessions/{session_id}/comments", { params: { path: { session_id: sessionId } } })),
  });
}

function useCommentWrites(sessionId: string) {
  const client = useQueryClient();
  const refresh = () => client.invalidateQueries({ queryKey: ["session", sessionId, "comments"] });
  const post = useMutation({
    mutationFn: (body: string) =>
      unwrap(
        api.POST("/api/v1/sessions/{session_id}/comments", { params: { path: { session_id: sessionId } }, body: { body } }),
      ),
    onSuccess: refresh,
  });
  const edit = useMutation({
    mutationFn: ({ comment, body }: { comment: Comment; body: string }) =>
      unwrap(
        api.PATCH("/api/v1/comments/{comment_id}", {
          params: { path: { comment_id: comment.id } },
          headers: ifMatch(comment.version),
          body: { body },
        }),
      ),
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: (comment: Comment) =>
      unwrap(
        api.DELETE("/api/v1/comments/{comment_id}", {
          params: { path: { comment_id: comment.id } },
          headers: ifMatch(comment.version),
        }),
      ),
    onSuccess: refresh,
  });
  return { post, edit, remove };
}

function CommentItem({ comment, sessionId, timeZone }: { comment: Comment; sessionId: string; timeZone: string | undefined }) {
  const { edit, remove } = useCommentWrites(sessionId);
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(comment.body ?? "");
  const fieldId = useId();
  const editable = comment.mine && !comment.deleted && comment.editable_until !== null && new Date(comment.editable_until) > new Date();
  const save = (event: FormEvent) => {
    event.preventDefault();
    edit.mutate({ comment, body: text }, { onSuccess: () => setEditing(false) });
  };
  return (
    <li className="comment">
      <p className="comment-meta">
        <strong>{comment.author.name ?? "A former member"}</strong> · {formatInstant(comment.created_at, timeZone)}
        {comment.edited_at && !comment.deleted && " · edited"}
      </p>
      {comment.deleted ? (
        <p className="hint">This comment was deleted.</p>
      ) : editing ? (
        <form onSubmit={save}>
          <label htmlFor={fieldId} className="visually-hidden">
            Edit your comment
          </label>
          <textarea id={fieldId} value={text} onChange={(e) => setText(e.target.value)} rows={3} maxLength={4000} />
          {edit.isError && (
            <p role="alert" className="error">
              {problemMessage(edit.error)}
            </p>
          )}
          <div className="toolbar">
            <button type="submit" className="primary" disabled={edit.isPending}>
              Save
            </button>
            <button type="button" onClick={() => setEditing(false)}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <p className="comment-body">{comment.body}</p>
      )}
      {comment.mine && !comment.deleted && !editing && (
        <div className="toolbar">
          {editable && (
            <button type="button" className="link-button" onClick={() => setEditing(true)}>
              Edit<span className="visually-hidden"> your comment</span>
            </button>
          )}
          <button
            type="button"
            className="link-button"
            disabled={remove.isPending}
            onClick={() => {
              if (window.confirm("Delete this comment? Its text goes; a placeholder stays in the thread.")) remove.mutate(comment);
            }}
          >
            Delete<span className="visually-hidden"> your comment</span>
          </button>
          {remove.isError && (
            <span role="alert" className="error">
              {problemMessage(remove.error)}
            </span>
          )}
        </div>
      )}
    </li>
  );
}

/** The thread between the athlete and the staff about this session, and a field to add to it. */
export function Comments({ sessionId, timeZone }: { sessionId: string; timeZone: string | undefined }) {
  const comments = useComments(sessionId);
  const { post } = useCommentWrites(sessionId);
  const [text, setText] = useState("");
  const fieldId = useId();
  const errorId = useId();
  useWarnUnsaved(text.trim() !== "", "Your comment is not posted yet. Leave without posting it?");
  const submit = (event: FormEvent) => {
    event.preventDefault();
    post.mutate(text, { onSuccess: () => setText("") });
  };
  return (
    <section aria-labelledby="comments-title">
      <h2 id="comments-title">Comments</h2>
      <QueryState query={comments}>
        {(c) =>
          c.items.length === 0 ? (
            <p>No comments yet. Ask how it went, or note what to change next time.</p>
          ) : (
            <ol className="comments">
              {c.items.map((comment) => (
                <CommentItem key={comment.id} comment={comment} sessionId={sessionId} timeZone={timeZone} />
              ))}
            </ol>
          )
        }
      </QueryState>
      <form onSubmit={submit} className="comment-form">
        <div className="field">
          <label htmlFor={fieldId}>Comment</label>
          <textarea
            id={fieldId}
            value={text}
            onChange={(e) => setText(e.target.value)}
            rows={3}
            maxLength={4000}
            aria-describedby={post.isError ? errorId : undefined}
          />
        </div>
        {post.isError && (
          <p id={errorId} role="alert" className="error">
            {problemMessage(post.error)}
          </p>
        )}
        <button type="submit" className="primary" disabled={post.isPending || text.trim() === ""}>
          Post comment
        </button>
      </form>
    </section>
  );
}
