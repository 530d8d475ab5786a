import { useSearchParams } from "react-router";

import { localDay } from "../lib/units";
import { type Season, useSeasons } from "./api";
import { useAdmin } from "./scope";
import { defaultSeasonId } from "./seasonChoice";
import { Field } from "./ui";

/** The season chosen on this page, kept in the address (?season=) so a reload or a shared link opens the same. */
export function useSeasonChoice(): {
  seasons: Season[] | undefined;
  seasonId: string | null;
  choose: (id: string) => void;
} {
  const { program } = useAdmin();
  const seasons = useSeasons(program.id).data;
  const [params, setParams] = useSearchParams();
  const fromAddress = params.get("season");
  const seasonId =
    fromAddress !== null && seasons?.some((s) => s.id === fromAddress)
      ? fromAddress
      : seasons
        ? defaultSeasonId(seasons, localDay(new Date(), program.time_zone))
        : null;
  const choose = (id: string) =>
    setParams(
      (current) => {
        current.set("season", id);
        return current;
      },
      { replace: true },
    );
  return { seasons, seasonId, choose };
}

export function SeasonSelect({ label = "Season" }: { label?: string }) {
  const { seasons, seasonId, choose } = useSeasonChoice();
  if (!seasons || seasons.length === 0) return null;
  return (
    <Field label={label}>
      {(p) => (
        <select {...p} value={seasonId ?? ""} onChange={(e) => choose(e.target.value)}>
          {seasons.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name} ({s.start_date} – {s.end_date}){s.closed_at ? ", closed" : ""}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
