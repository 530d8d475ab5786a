import { QueryState } from "../../components/QueryState";
import { formatInstant } from "../../lib/days";
import { useSessionHistory } from "./queries";

const HIDDEN_FIELDS = new Set(["id", "version", "created_at", "updated_at", "athlete_id", "metrics_json"]);

function fieldWords(field: string): string {
  const words = field.replace(/_(m|sec|json|id)$/, "").replace(/_/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function valueWords(value: unknown): string {
  if (value === null || value === undefined || value === "") return "empty";
  if (typeof value === "object") return "(data)";
  return String(value);
}

/** Who changed what, when: each change field by field, old → new. */
export function History({ sessionId, timeZone }: { sessionId: string; timeZone: string | undefined }) {
  const history = useSessionHistory(sessionId);
  return (
    <section aria-labelledby="history-title">
      <h2 id="history-title">Change history</h2>
      <QueryState query={history}>
        {(h) =>
          h.items.length === 0 ? (
            <p>No changes recorded.</p>
          ) : (
            <ol className="history">
              {[...h.items].reverse().map((entry) => {
                const fields = Object.entries(entry.changes).filter(([f]) => !HIDDEN_FIELDS.has(f));
                return (
                  <li key={entry.id}>
                    <strong>
                      {entry.operation === "insert" ? "Created" : entry.operation === "delete" ? "Deleted" : "Changed"}
                    </strong>{" "}
                    {formatInstant(entry.changed_at, timeZone)} by {entry.changed_by_name ?? "the system"}
                    {entry.operation === "update" && fields.length > 0 && (
                      <ul>
                        {fields.map(([field, change]) => (
                          <li key={field}>
                            {fieldWords(field)}: {valueWords(change.old)} → {valueWords(change.new)}
                          </li>
                        ))}
                      </ul>
                    )}
                    {entry.operation === "update" && "metrics_json" in entry.changes && (
                      <p className="hint">Device data replaced.</p>
                    )}
                  </li>
                );
              })}
            </ol>
          )
        }
      </QueryState>
    </section>
  );
}
