import { useQuery } from "@tanstack/react-query";

import { api } from "../api/client";

/** Who is signed in; the screens of the staff and athletes hang off here. */
export function Home() {
  const me = useQuery({
    queryKey: ["me"],
    queryFn: async () => {
      const { data, error } = await api.GET("/api/v1/me");
      if (error) throw new Error(error.detail);
      return data;
    },
  });
  return (
    <section aria-labelledby="home-title">
      <h1 id="home-title">TrainingOps</h1>
      {me.isPending && <p role="status">Loading…</p>}
      {me.isError && <p role="alert">Not signed in.</p>}
      {me.data && <p>Signed in as {me.data.user.name}.</p>}
    </section>
  );
}
