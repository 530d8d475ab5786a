import { type FormEvent, useState } from "react";

import { api } from "../api/client";
import { unwrap } from "../api/query";
import type { components } from "../api/schema";
import { useTitle } from "../lib/title";
import { ifMatch, keys, type LoadSettings, useAdminMutation, useLoadSettings } from "./api";
import { holds, readOnlyReason } from "./permissions";
import { useAdmin } from "./scope";
import { ErrorMessage, Field, LoadingRows, ReadOnlyNote, StatusLine } from "./ui";

type Body = components["schemas"]["LoadSettingsBody"];
type Values = Required<Body>;

const NUMBERS: { key: "acute_days" | "chronic_days" | "ctl_days" | "atl_days"; label: string; step: string }[] = [
  { key: "acute_days", label: "Acute window (days)", step: "1" },
  { key: "chronic_days", label: "Chronic window (days)", step: "1" },
  { key: "ctl_days", label: "Fitness (CTL) time constant (days)", step: "0.1" },
  { key: "atl_days", label: "Fatigue (ATL) time constant (days)", step: "0.1" },
];

/** The load models' windows and time constants for this program (docs/load-model.md): edit, or back to defaults. */
export function LoadSettingsPage() {
  useTitle("Load settings");
  const { program, role } = useAdmin();
  const settings = useLoadSettings(program.id);
  const mayChange = holds(program.capabilities, "administer");
  const touches = [keys.loadSettings(program.id)];
  const version = settings.data?.version ?? 0;
  const save = useAdminMutation(
    (body: Values) =>
      unwrap(
        api.PUT("/api/v1/programs/{program_id}/load-settings", {
          params: { path: { program_id: program.id } },
          body,
          headers: ifMatch(version),
        }),
      ),
    touches,
  );
  const reset = useAdminMutation(
    () =>
      unwrap(
        api.DELETE("/api/v1/programs/{program_id}/load-settings", {
          params: { path: { program_id: program.id } },
          headers: ifMatch(version),
        }),
      ),
    touches,
  );
  const [done, setDone] = useState<string | null>(null);
  const data = settings.data;
  return (
    <section aria-labelledby="load-title">
      <h2 id="load-title">Load settings</h2>
      {!mayChange && <ReadOnlyNote>{readOnlyReason("administer", role)}</ReadOnlyNote>}
      <p className="hint">
        How the load views compute the acute:chronic ratio and fitness, fatigue and form for this program. The defaults
        are the published ones (docs/load-model.md).
      </p>
      <ErrorMessage error={save.error ?? reset.error} />
      {done && <StatusLine>{done}</StatusLine>}
      {settings.isPending && <LoadingRows label="load settings" />}
      <ErrorMessage error={settings.error} />
      {data && (
        <>
          <p>
            {data.source === "default"
              ? "This program uses the defaults."
              : `Set for this program${data.updated_at ? ` on ${new Date(data.updated_at).toLocaleDateString()}` : ""}.`}
          </p>
          <SettingsForm
            key={data.version}
            settings={data}
            disabled={!mayChange}
            onSave={(values) => {
              setDone(null);
              reset.reset();
              save.mutate(values, { onSuccess: () => setDone("Load settings saved.") });
            }}
          />
          {mayChange && data.source === "program" && (
            <button
              type="button"
              disabled={reset.isPending}
              onClick={() => {
                setDone(null);
                save.reset();
                reset.mutate(undefined, { onSuccess: () => setDone("Load settings are back to the defaults.") });
              }}
            >
              Reset to defaults
            </button>
          )}
        </>
      )}
    </section>
  );
}

function SettingsForm(props: { settings: LoadSettings; disabled: boolean; onSave: (values: Values) => void }) {
  const { settings, disabled, onSave } = props;
  const [values, setValues] = useState<Values>({
    acute_days: settings.acute_days,
    chronic_days: settings.chronic_days,
    ctl_days: settings.ctl_days,
    atl_days: settings.atl_days,
    smoothing: settings.smoothing,
    monotony_ddof: settings.monotony_ddof,
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSave(values);
  };
  const defaults = settings.defaults;
  return (
    <form onSubmit={submit} className="panel narrow-form">
      {NUMBERS.map(({ key, label, step }) => (
        <Field key={key} label={label} hint={`Default ${defaults[key]}.`}>
          {(p) => (
            <input
              {...p}
              type="number"
              min="1"
              step={step}
              required
              disabled={disabled}
              value={values[key]}
              onChange={(e) => setValues({ ...values, [key]: Number(e.target.value) })}
            />
          )}
        </Field>
      ))}
      <Field label="Smoothing of fitness and fatigue" hint={`Default ${defaults.smoothing}.`}>
        {(p) => (
          <select
            {...p}
            disabled={disabled}
            value={values.smoothing}
            onChange={(e) => setValues({ ...values, smoothing: e.target.value as Values["smoothing"] })}
          >
            <option value="exponential">Exponential (GoldenCheetah)</option>
            <option value="reciprocal">Reciprocal (TrainingPeaks)</option>
          </select>
        )}
      </Field>
      <Field
        label="Monotony standard deviation"
        hint={`Default ${defaults.monotony_ddof === 0 ? "population" : "sample"}.`}
      >
        {(p) => (
          <select
            {...p}
            disabled={disabled}
            value={values.monotony_ddof}
            onChange={(e) => setValues({ ...values, monotony_ddof: Number(e.target.value) as Values["monotony_ddof"] })}
          >
            <option value={0}>Population (÷ n)</option>
            <option value={1}>Sample (÷ n − 1)</option>
          </select>
        )}
      </Field>
      {!disabled && (
        <button type="submit" className="primary">
          Save load settings
        </button>
      )}
    </form>
  );
}
