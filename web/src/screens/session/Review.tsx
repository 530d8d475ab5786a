import { useMutation, useQueryClient } from "@tanstack/react-query";

import { api } from "../../api/client";
import { problemMessage, unwrap } from "../../api/query";
import type { components } from "../../api/schema";
import { useMe } from "../../auth/session";
import { formatInstant } from "../../lib/days";

type SessionRead = components["schemas"]["SessionRead"];

/** Staff mark a completed session reviewed (and can take it back); everyone sees who did and when. */
export function Review({ session, timeZone }: { session: SessionRead; timeZone: string | undefined }) {
  const me = useMe().data;
  const client = useQueryClient();
  const path = { params: { path: { session_id: session.id } } };
  const review = useMutation({
    mutationFn: (reviewed: boolean) =>
      unwrap(reviewed ? api.POST("/api/v1/sessions/{session_id}:review", path) : api.POST("/api/v1/sessions/{session_id}:unreview", path)),
    onSuccess: (updated) => {
      client.setQueryData(["session", session.id], updated);
      void client.invalidateQueries({ queryKey: ["team-ops"] });
    },
  });
  const isStaff = (me?.staff ?? []).some((m) => m.active) && me?.athlete?.id !== session.athlete_id;
  if (session.status !== "completed") return null;
  const reviewedBy = session.reviewed_by === me?.user.id ? "you" : "a coach";
  return (
    <div className="toolbar review">
      {session.reviewed_at ? (
        <p className="band band-green">
          <span aria-hidden="true">✓ </span>Reviewed by {reviewedBy}, {formatInstant(session.reviewed_at, timeZone)}
        </p>
      ) : (
        <p className="hint">Not reviewed yet.</p>
      )}
      {isStaff &&
        (session.reviewed_at ? (
          <button type="button" onClick={() => review.mutate(false)} disabled={review.isPending}>
            Undo review
          </button>
        ) : (
          <button type="button" className="primary" onClick={() => review.mutate(true)} disabled={review.isPending}>
            Mark reviewed
          </button>
        ))}
      {review.isError && (
        <p role="alert" className="error">
          {problemMessage(review.error)}
        </p>
      )}
    </div>
  );
}
