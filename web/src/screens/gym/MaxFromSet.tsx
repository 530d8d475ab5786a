import { useMutation, useQueryClient } from "@tanstack/react-query";

import { api } from "../../api/client";
import { problemMessage, unwrap } from "../../api/query";
import { formatDay } from "../../lib/days";
import type { SetRow } from "./sets";

/** "Estimate 1RM" (Epley 1985, nothing saved) then "Save as max": a head or strength coach's confirmation. */
export function MaxFromSet({ sessionId, row, practiceKey }: { sessionId: string; row: SetRow; practiceKey: readonly unknown[] }) {
  const client = useQueryClient();
  const which = `${row.event_name ?? "exercise"}, set ${row.set_number}`;
  const call = (confirm: boolean) =>
    unwrap(
      api.POST("/api/v1/sessions/{session_id}/strength-max", {
        params: { path: { session_id: sessionId } },
        body: { step_id: row.step_id, training_event_id: row.training_event_id, set_number: row.set_number, confirm },
      }),
    );
  const estimate = useMutation({ mutationFn: () => call(false) });
  const save = useMutation({
    mutationFn: () => call(true),
    // The athlete's kilograms of later % 1RM sets follow the new max.
    onSuccess: () => client.invalidateQueries({ queryKey: practiceKey }),
  });
  const error = estimate.error ?? save.error;
  if (save.data) {
    return (
      <span className="gym-saved">
        Saved as max: {save.data.one_rm_kg} kg, tested {formatDay(save.data.tested_on)}
      </span>
    );
  }
  return (
    <span className="gym-max">
      {estimate.data ? (
        <>
          <span>
            ≈ {estimate.data.one_rm_kg} kg <span className="hint">(Epley: {estimate.data.load_kg} kg × {estimate.data.reps})</span>
          </span>{" "}
          <button type="button" className="primary" onClick={() => save.mutate()} disabled={save.isPending} aria-label={`Save as max: ${which}`}>
            Save as max
          </button>
        </>
      ) : (
        <button type="button" onClick={() => estimate.mutate()} disabled={estimate.isPending} aria-label={`Estimate 1RM: ${which}`}>
          Estimate 1RM
        </button>
      )}
      {error && (
        <span role="alert" className="error">
          {" "}
          {problemMessage(error)}
        </span>
      )}
    </span>
  );
}
