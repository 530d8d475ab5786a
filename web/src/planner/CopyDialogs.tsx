import { useState } from "react";

import { type Practice, useCopyPractice, useCopyWeek } from "./api";
import { DateField } from "./DateField";
import { addDays, longDay, weekStart } from "./dates";
import { ModalDialog } from "./ModalDialog";
import { ProblemAlert } from "./ProblemAlert";

/** A list of days picked one at a time (a date picker and Add), each removable. */
function DayList({ label, days, onChange, start }: { label: string; days: string[]; onChange: (days: string[]) => void; start: string }) {
  const [picked, setPicked] = useState<string | null>(start);
  return (
    <div>
      <div className="toolbar">
        <DateField label={label} value={picked} onChange={setPicked} />
        <button
          type="button"
          disabled={picked === null || days.includes(picked)}
          onClick={() => picked !== null && onChange([...days, picked].sort())}
        >
          Add date
        </button>
      </div>
      {days.length === 0 ? (
        <p className="hint">No date yet: pick one and press Add date.</p>
      ) : (
        <ul aria-label="Chosen dates" className="chosen-days">
          {days.map((d) => (
            <li key={d}>
              {longDay(d)}{" "}
              <button type="button" className="link-button" onClick={() => onChange(days.filter((x) => x !== d))}>
                Remove {longDay(d)}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Copies the practice (workouts, overrides) as drafts to the chosen days. */
export function CopyPracticeDialog({
  practice,
  isOpen,
  onClose,
  onCopied,
}: {
  practice: Practice;
  isOpen: boolean;
  onClose: () => void;
  onCopied: (copies: Practice[]) => void;
}) {
  const [days, setDays] = useState<string[]>([]);
  const copy = useCopyPractice(practice);
  return (
    <ModalDialog title="Copy practice to other dates" isOpen={isOpen} onClose={onClose}>
      <p>The copies are drafts with the same workouts per event group and the same overrides; publish each after a preview.</p>
      <DayList label="Copy to" days={days} onChange={setDays} start={addDays(practice.practice_date, 7)} />
      <ProblemAlert error={copy.error} action="Nothing was copied" />
      <div className="toolbar">
        <button
          type="button"
          className="primary"
          disabled={days.length === 0 || copy.isPending}
          onClick={() => copy.mutate(days, { onSuccess: (made) => onCopied(made.items) })}
        >
          Copy to {days.length} {days.length === 1 ? "date" : "dates"}
        </button>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
    </ModalDialog>
  );
}

/** Copies every practice of the week (not cancelled ones) to the same weekdays of the chosen weeks. */
export function CopyWeekDialog({ seasonId, weekOf, isOpen, onClose }: { seasonId: string; weekOf: string; isOpen: boolean; onClose: () => void }) {
  const [weeks, setWeeks] = useState<string[]>([]);
  const [done, setDone] = useState<number | null>(null);
  const copy = useCopyWeek(seasonId);
  const monday = weekStart(weekOf);
  return (
    <ModalDialog title={`Copy the week of ${longDay(monday)}`} isOpen={isOpen} onClose={onClose}>
      <p>Each practice lands on the same weekday of every week chosen (any day names its week), as a draft.</p>
      <DayList label="A day of the target week" days={weeks} onChange={setWeeks} start={addDays(monday, 7)} />
      <ProblemAlert error={copy.error} action="Nothing was copied" />
      {done !== null && <p role="status">Copied: {done} practices made as drafts.</p>}
      <div className="toolbar">
        <button
          type="button"
          className="primary"
          disabled={weeks.length === 0 || copy.isPending}
          onClick={() =>
            copy.mutate({ week_of: monday, to_weeks: weeks }, { onSuccess: (made) => setDone(made.items.length) })
          }
        >
          Copy week
        </button>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
    </ModalDialog>
  );
}
