import { useState } from "react";
import { useNavigate } from "react-router";

import { useCreatePractice } from "./api";
import { DateField } from "./DateField";
import { longDay } from "./dates";
import { ModalDialog } from "./ModalDialog";
import { usePlannerPaths } from "./paths";
import { ProblemAlert } from "./ProblemAlert";

/** Title, date, start time and place of a new practice; creating it opens the practice to add its workouts. */
export function NewPracticeDialog({ seasonId, day, onClose }: { seasonId: string; day: string | null; onClose: () => void }) {
  return (
    <ModalDialog title="New practice" isOpen={day !== null} onClose={onClose}>
      {day !== null && <NewPracticeForm seasonId={seasonId} initialDay={day} onClose={onClose} />}
    </ModalDialog>
  );
}

function NewPracticeForm({ seasonId, initialDay, onClose }: { seasonId: string; initialDay: string; onClose: () => void }) {
  const [day, setDay] = useState<string | null>(initialDay);
  const [title, setTitle] = useState(`${longDay(initialDay).split(" ")[0]} practice`);
  const [startTime, setStartTime] = useState("15:30");
  const [location, setLocation] = useState("");
  const create = useCreatePractice(seasonId);
  const navigate = useNavigate();
  const paths = usePlannerPaths();
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        if (day === null) return;
        create.mutate(
          { practice_date: day, title, start_time: startTime || null, location: location || null },
          { onSuccess: (practice) => void navigate(paths.practice(practice.id)) },
        );
      }}
    >
      <div className="field">
        <label htmlFor="new-practice-title">Title</label>
        <input id="new-practice-title" value={title} onChange={(e) => setTitle(e.target.value)} required maxLength={200} />
      </div>
      <DateField label="Date" value={day} onChange={setDay} isRequired />
      <div className="field">
        <label htmlFor="new-practice-start">Start time</label>
        <input id="new-practice-start" type="time" value={startTime} onChange={(e) => setStartTime(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="new-practice-location">Location</label>
        <input id="new-practice-location" value={location} onChange={(e) => setLocation(e.target.value)} maxLength={200} />
      </div>
      <ProblemAlert error={create.error} action="The practice was not created" />
      <div className="toolbar">
        <button type="submit" className="primary" disabled={create.isPending || day === null}>
          Create practice
        </button>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
    </form>
  );
}
