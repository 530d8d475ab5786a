/** Which season a roster, import or feed page opens on: the one in the address, else the open season holding today. */
import type { Season } from "./api";

export function defaultSeasonId(seasons: readonly Season[], today: string): string | null {
  const open = seasons.filter((s) => s.closed_at === null);
  const current = open.find((s) => s.start_date <= today && today <= s.end_date);
  if (current) return current.id;
  // Otherwise the next one to start, else the latest that ended: the one a coach is preparing or just finished.
  const upcoming = open.filter((s) => s.start_date > today).sort((a, b) => a.start_date.localeCompare(b.start_date));
  if (upcoming[0]) return upcoming[0].id;
  const latest = [...seasons].sort((a, b) => b.end_date.localeCompare(a.end_date));
  return latest[0]?.id ?? null;
}
