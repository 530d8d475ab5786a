import { useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useEffect, useRef, useState } from "react";
import { useNavigate, useSearchParams } from "react-router";

import { Field } from "../admin/ui";
import { api } from "../api/client";
import { ApiError, problemMessage, unwrap } from "../api/query";
import { ME_KEY } from "../auth/session";
import { useTitle } from "../lib/title";

function acceptMessage(error: unknown): string {
  if (error instanceof ApiError && error.code === "link_invalid") {
    return "This invitation link was used already, has expired or was revoked. Ask whoever invited you to send a new one.";
  }
  return problemMessage(error);
}

/** The emailed invitation link: a name and a password make the account (or the existing one's password), then in. */
export function AcceptInvitation() {
  useTitle("Accept invitation");
  const [params] = useSearchParams();
  const token = params.get("token") ?? "";
  const client = useQueryClient();
  const navigate = useNavigate();
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const alertRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (error !== null) alertRef.current?.focus();
  }, [error]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await unwrap(
        api.POST("/api/v1/invitations:accept", {
          body: { token, ...(name.trim() ? { name: name.trim() } : {}), ...(password ? { password } : {}) },
        }),
      );
      client.clear();
      await client.invalidateQueries({ queryKey: ME_KEY });
      navigate("/", { replace: true });
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main id="main" className="sign-in">
      <h1>Accept your invitation</h1>
      {token === "" ? (
        <p role="alert" className="error">
          This address has no invitation token. Open the link from your invitation email again.
        </p>
      ) : (
        <form onSubmit={(e) => void submit(e)} noValidate>
          <p>
            Choose your name and a password to join. If you already have an account with this email, enter its password.
          </p>
          {error !== null && (
            <p role="alert" className="error" tabIndex={-1} ref={alertRef}>
              {acceptMessage(error)}
            </p>
          )}
          <Field label="Name">
            {(p) => <input {...p} autoComplete="name" value={name} onChange={(e) => setName(e.target.value)} />}
          </Field>
          <Field label="Password" hint="At least 12 characters; a passphrase of a few words is easy to remember.">
            {(p) => (
              <input
                {...p}
                type="password"
                autoComplete="new-password"
                value={password}
                onChange={(e) => setPassword(e.target.value)}
              />
            )}
          </Field>
          <button type="submit" className="primary" disabled={busy}>
            Accept invitation
          </button>
        </form>
      )}
    </main>
  );
}
