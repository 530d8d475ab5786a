import { useNavigate } from "react-router";

import { useSignOut } from "../auth/session";

export function SignOutButton() {
  const signOut = useSignOut();
  const navigate = useNavigate();
  return (
    <button
      type="button"
      className="link-button"
      disabled={signOut.isPending}
      onClick={() => signOut.mutate(undefined, { onSettled: () => navigate("/sign-in", { replace: true }) })}
    >
      Sign out
    </button>
  );
}
