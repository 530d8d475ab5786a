import { type FormEvent, useState } from "react";

import { api } from "../api/client";
import { unwrap } from "../api/query";
import { useTitle } from "../lib/title";
import { ifMatch, keys, type Program, useAdminMutation } from "./api";
import { holds, readOnlyReason } from "./permissions";
import { useAdmin } from "./scope";
import { TimeZoneSelect } from "./TimeZoneSelect";
import { ErrorMessage, Field, ReadOnlyNote, StatusLine } from "./ui";

interface SettingsValues {
  name: string;
  sport: string;
  time_zone: string;
}

/** Name, sport and time zone of the program (program admins and head coaches). */
export function ProgramSettings() {
  useTitle("Program settings");
  const { program, role } = useAdmin();
  const mayChange = holds(program.capabilities, "administer");
  const save = useAdminMutation(
    (body: SettingsValues) =>
      unwrap(
        api.PATCH("/api/v1/programs/{program_id}", {
          params: { path: { program_id: program.id } },
          body,
          headers: ifMatch(program.version),
        }),
      ),
    [keys.program(program.id), ["me"]],
  );
  return (
    <section aria-labelledby="settings-title">
      <h2 id="settings-title">Program settings</h2>
      {!mayChange && <ReadOnlyNote>{readOnlyReason("administer", role)}</ReadOnlyNote>}
      <ErrorMessage error={save.error} />
      {/* Keyed by version: after a save or a conflict the form starts again from what the server holds. */}
      <SettingsForm key={program.version} program={program} disabled={!mayChange} onSave={(v) => save.mutate(v)} />
      {save.isSuccess && <StatusLine>Settings saved.</StatusLine>}
    </section>
  );
}

function SettingsForm(props: { program: Program; disabled: boolean; onSave: (values: SettingsValues) => void }) {
  const { program, disabled, onSave } = props;
  const [name, setName] = useState(program.name);
  const [sport, setSport] = useState(program.sport);
  const [timeZone, setTimeZone] = useState(program.time_zone);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSave({ name: name.trim(), sport: sport.trim(), time_zone: timeZone });
  };
  return (
    <form onSubmit={submit} className="panel narrow-form">
      <Field label="Program name">
        {(p) => <input {...p} required value={name} disabled={disabled} onChange={(e) => setName(e.target.value)} />}
      </Field>
      <Field label="Sport" hint="Seasons take this sport unless they name another.">
        {(p) => <input {...p} required value={sport} disabled={disabled} onChange={(e) => setSport(e.target.value)} />}
      </Field>
      <Field label="Time zone" hint="Dates and “today” on every screen are in this zone.">
        {(p) => <TimeZoneSelect {...p} value={timeZone} disabled={disabled} onChange={setTimeZone} />}
      </Field>
      {!disabled && (
        <button type="submit" className="primary">
          Save settings
        </button>
      )}
    </form>
  );
}
