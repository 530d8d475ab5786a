import { type FormEvent, useEffect, useId, useRef, useState } from "react";
import { Navigate, useNavigate, useSearchParams } from "react-router";

import { problemMessage } from "../api/query";
import { useMe, useSignIn } from "../auth/session";
import { useTitle } from "../lib/title";

/** Only paths inside this app are followed after sign-in (never another site named in the address). */
export function safeNext(next: string | null): string {
  return next !== null && next.startsWith("/") && !next.startsWith("//") ? next : "/";
}

/** Email and password; on success, back to where the user was going. */
export function SignIn() {
  useTitle("Sign in");
  const [params] = useSearchParams();
  const next = safeNext(params.get("next"));
  const me = useMe();
  const signIn = useSignIn();
  const navigate = useNavigate();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const errorId = useId();
  const alertRef = useRef<HTMLParagraphElement>(null);

  useEffect(() => {
    if (signIn.isError) alertRef.current?.focus();
  }, [signIn.isError, signIn.failureCount]);

  if (me.data) return <Navigate to={next} replace />;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    signIn.mutate({ email: email.trim(), password }, { onSuccess: () => navigate(next, { replace: true }) });
  };

  return (
    <main id="main" className="sign-in">
      <h1>Sign in to TrainingOps</h1>
      <form onSubmit={submit} aria-describedby={signIn.isError ? errorId : undefined} noValidate>
        {signIn.isError && (
          <p id={errorId} role="alert" className="error" tabIndex={-1} ref={alertRef}>
            {problemMessage(signIn.error)}
          </p>
        )}
        <div className="field">
          <label htmlFor="sign-in-email">Email</label>
          <input
            id="sign-in-email"
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="sign-in-password">Password</label>
          <input
            id="sign-in-password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </div>
        <button type="submit" className="primary" disabled={signIn.isPending} aria-busy={signIn.isPending}>
          Sign in
        </button>
      </form>
    </main>
  );
}
