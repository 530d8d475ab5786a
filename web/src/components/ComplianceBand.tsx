import type { components } from "../api/schema";

type Band = NonNullable<components["schemas"]["Compliance"]["overall"]>;

// Words as well as colour (UI.md: colour is never the only signal); bands describe, they do not grade.
const BAND_WORDS: Record<Band, string> = {
  green: "near plan",
  yellow: "somewhat off plan",
  red: "far off plan",
};

const BAND_MARKS: Record<Band, string> = { green: "●", yellow: "◐", red: "○" };

/** A compliance band as a pill: mark, words and, when known, the percent of plan done. */
export function ComplianceBand({
  band,
  percent,
  empty = "no band",
}: {
  band: Band | null | undefined;
  percent?: number | null | undefined;
  empty?: string;
}) {
  if (band == null) return <span className="hint">{empty}</span>;
  return (
    <span className={`band band-${band}`}>
      <span aria-hidden="true">{BAND_MARKS[band]} </span>
      {BAND_WORDS[band]}
      {percent != null && ` · ${percent} %`}
    </span>
  );
}

export function bandWords(band: Band): string {
  return BAND_WORDS[band];
}
