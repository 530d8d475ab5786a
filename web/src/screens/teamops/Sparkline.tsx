import { sparklinePath } from "../../lib/trends";

const WIDTH = 96;
const HEIGHT = 24;

/** A 28-day load line, small enough for a table cell; the label says the same in numbers. */
export function Sparkline({ values, label }: { values: (number | null)[]; label: string }) {
  return (
    <svg className="sparkline" width={WIDTH} height={HEIGHT} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={label}>
      <path d={sparklinePath(values, WIDTH, HEIGHT - 2)} transform="translate(0 1)" />
    </svg>
  );
}
