import { useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useNavigate } from "react-router";

import { api } from "../api/client";
import { unwrap } from "../api/query";
import { ME_KEY } from "../auth/session";
import { browserTimeZone, TimeZoneSelect } from "./TimeZoneSelect";
import { ErrorMessage, Field } from "./ui";

type CreatorRole = "program_admin" | "head_coach";

/** A new program for a signed-in user with none: they become its first member, then set it up in administration. */
export function CreateProgram() {
  const client = useQueryClient();
  const navigate = useNavigate();
  const [name, setName] = useState("");
  const [sport, setSport] = useState("");
  const [timeZone, setTimeZone] = useState(browserTimeZone);
  const [creatorRole, setCreatorRole] = useState<CreatorRole>("head_coach");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const program = await unwrap(
        api.POST("/api/v1/programs", {
          body: { name: name.trim(), sport: sport.trim(), time_zone: timeZone, creator_role: creatorRole },
        }),
      );
      // Leave Home first (the lazy screen loads before the navigation ends): once "me" names the program, Home itself
      // would send the user to Team Ops.
      await navigate(`/programs/${program.id}/admin/seasons`);
      void client.invalidateQueries({ queryKey: ME_KEY });
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} className="panel narrow-form" aria-labelledby="create-program-title">
      <h2 id="create-program-title">Create a program</h2>
      <p>Start your own team here: then add seasons, event groups and your roster.</p>
      <ErrorMessage error={error} />
      <Field label="Program name">
        {(p) => <input {...p} required value={name} onChange={(e) => setName(e.target.value)} />}
      </Field>
      <Field label="Sport" hint="For example: Track and field, Cross country, Swimming.">
        {(p) => <input {...p} required value={sport} onChange={(e) => setSport(e.target.value)} />}
      </Field>
      <Field label="Time zone">{(p) => <TimeZoneSelect {...p} value={timeZone} onChange={setTimeZone} />}</Field>
      <fieldset className="plain-fieldset">
        <legend>Your role</legend>
        <label>
          <input
            type="radio"
            name="creator-role"
            checked={creatorRole === "head_coach"}
            onChange={() => setCreatorRole("head_coach")}
          />{" "}
          Head coach: you administer the program and plan practices
        </label>
        <label>
          <input
            type="radio"
            name="creator-role"
            checked={creatorRole === "program_admin"}
            onChange={() => setCreatorRole("program_admin")}
          />{" "}
          Program admin: you administer it, coaches plan
        </label>
      </fieldset>
      <p className="hint">Nobody changes their own role later, so choose the one you will work in.</p>
      <button type="submit" className="primary" disabled={busy}>
        Create program
      </button>
    </form>
  );
}
