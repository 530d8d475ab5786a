import { type FormEvent, useId, useState } from "react";
import { Link, useNavigate } from "react-router";

import { useMe } from "../../auth/session";
import { type ActualsErrors, type ActualsForm, EMPTY_ACTUALS, readActuals, withPain } from "../../lib/actuals";
import { formatDay } from "../../lib/days";
import { SESSIONS_PATH } from "../../lib/pendingWrites";
import { useDistanceUnit } from "../../lib/preferences";
import { CATEGORY_WORDS, type Category } from "../../lib/sessions";
import { useTitle } from "../../lib/title";
import { localDay } from "../../lib/units";
import { queueWrite } from "../../offline/outbox";
import { ActualsFields, withoutErrorOf } from "./ActualsFields";
import { athleteWindowKey, useAthleteWindow } from "./queries";

const CATEGORIES = Object.keys(CATEGORY_WORDS) as Category[];

/** Training the coach did not plan (a run with friends, a swim): a self-assigned session, logged as done. */
export function LogOther() {
  useTitle("Log other training");
  const id = useId();
  const navigate = useNavigate();
  const unit = useDistanceUnit();
  const athleteId = useMe().data?.athlete?.id ?? "";
  const today = useAthleteWindow(athleteId).data?.today ?? localDay(new Date(), Intl.DateTimeFormat().resolvedOptions().timeZone);
  const [title, setTitle] = useState("");
  const [category, setCategory] = useState<Category>("run");
  const [day, setDay] = useState("");
  const [form, setForm] = useState<ActualsForm>(EMPTY_ACTUALS);
  const [errors, setErrors] = useState<ActualsErrors & { day?: string }>({});
  const chosenDay = day || today;

  async function save(event: FormEvent) {
    event.preventDefault();
    const read = readActuals(form, unit);
    const dayError = chosenDay > today ? "Log training on or before today." : undefined;
    if ("errors" in read || dayError) {
      setErrors({ ...("errors" in read ? read.errors : {}), ...(dayError ? { day: dayError } : {}) });
      return;
    }
    const { pain, ...actuals } = read.actuals;
    const name = title.trim() || CATEGORY_WORDS[category];
    await queueWrite({
      method: "POST",
      path: SESSIONS_PATH,
      body: {
        workout_category: category,
        title: title.trim() || null,
        scheduled_date: chosenDay,
        completed_at: new Date().toISOString(),
        ...actuals,
        metrics_json: withPain(null, pain),
      },
      label: `Log · ${name}, ${formatDay(chosenDay)}`,
      invalidates: [athleteWindowKey(athleteId)],
    });
    navigate("/today", { state: { saved: `Saved: ${name}. It syncs as soon as the network allows.` } });
  }

  return (
    <section aria-labelledby="other-title" className="today">
      <h1 id="other-title">Log other training</h1>
      <form onSubmit={(e) => void save(e)} noValidate className="today-form">
        <div className="field today-field">
          <label htmlFor={`${id}-title`}>What you did</label>
          <input id={`${id}-title`} value={title} maxLength={200} onChange={(e) => setTitle(e.target.value)} placeholder="e.g. Run with friends" />
        </div>
        <div className="field today-field">
          <label htmlFor={`${id}-category`}>Kind of training</label>
          <select id={`${id}-category`} value={category} onChange={(e) => setCategory(e.target.value as Category)}>
            {CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {CATEGORY_WORDS[c]}
              </option>
            ))}
          </select>
        </div>
        <div className="field today-field">
          <label htmlFor={`${id}-day`}>Day</label>
          <input
            id={`${id}-day`}
            type="date"
            max={today}
            value={chosenDay}
            onChange={(e) => setDay(e.target.value)}
            aria-invalid={errors.day ? true : undefined}
            aria-describedby={errors.day ? `${id}-day-error` : undefined}
          />
          {errors.day && (
            <p id={`${id}-day-error`} className="error">
              {errors.day}
            </p>
          )}
        </div>
        <ActualsFields
          form={form}
          onChange={(next, changed) => {
            setForm(next);
            setErrors(withoutErrorOf(changed));
          }}
          errors={errors}
          unit={unit}
        />
        <div className="today-actions">
          <button type="submit" className="primary">
            Save
          </button>
          <Link to="/today">Cancel</Link>
        </div>
      </form>
    </section>
  );
}
