import { useEffect, useId, useRef, useState } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

import { dayToSeconds, formatDay, formatShortDay } from "../../lib/days";
import type { ChartData } from "../../lib/trends";

export type SeriesStyle = "bars" | "line" | "dashed";

export interface SeriesLook {
  style: SeriesStyle;
  /** The y scale it is drawn on: "y" (left axis) unless it is a ratio (right axis). */
  scale?: "y" | "ratio";
}

export interface ChartBand {
  scale: "y" | "ratio";
  low: number;
  high: number;
}

// Okabe & Ito's palette (2008, "Color Universal Design"): distinct for the common colour-vision deficiencies;
// each series also differs by shape (bars, solid, dashed) and is named in the legend and the data table.
export const SERIES_COLOURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00"] as const;

interface ChartProps {
  /** Stable name: the chart's performance measure is `chart:<name>` (bench/web_chart.py reads it). */
  name: string;
  title: string;
  summary: string;
  data: ChartData;
  looks: SeriesLook[];
  band?: ChartBand;
  zeroLine?: boolean;
  height?: number;
  /** How y values read (axis, legend and table), e.g. a pace as m:ss; default: the series' digits. */
  formatY?: (value: number) => string;
  /** Smaller is better drawn higher (paces). */
  invertY?: boolean;
}

function cssVar(name: string, fallback: string): string {
  const value = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return value || fallback;
}

function buildOptions(props: ChartProps, width: number): uPlot.Options {
  const { data, looks, band, zeroLine, height = 220, formatY, invertY } = props;
  const axisColour = cssVar("--muted", "#57606a");
  const gridColour = cssVar("--line", "#d0d7de");
  const hasRatio = looks.some((l) => l.scale === "ratio");
  const bars = uPlot.paths.bars?.({ size: [0.7, 40] });
  const drawBand = (u: uPlot) => {
    if (!band) return;
    const ctx = u.ctx;
    const top = u.valToPos(band.high, band.scale, true);
    const bottom = u.valToPos(band.low, band.scale, true);
    ctx.save();
    ctx.fillStyle = "rgba(0, 158, 115, 0.12)";
    ctx.fillRect(u.bbox.left, top, u.bbox.width, bottom - top);
    ctx.restore();
  };
  const drawZero = (u: uPlot) => {
    if (!zeroLine) return;
    const y = u.valToPos(0, "y", true);
    const ctx = u.ctx;
    ctx.save();
    ctx.strokeStyle = axisColour;
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(u.bbox.left, y);
    ctx.lineTo(u.bbox.left + u.bbox.width, y);
    ctx.stroke();
    ctx.restore();
  };
  let measured = false;
  return {
    width,
    height,
    tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), "Etc/UTC"),
    scales: {
      x: { time: data.x === undefined },
      ...(invertY ? { y: { dir: -1 } } : {}),
      ...(hasRatio ? { ratio: { range: [0, 2.5] } } : {}),
    },
    axes: [
      {
        stroke: axisColour,
        grid: { stroke: gridColour, width: 1 },
        values: (_u: uPlot, ticks: number[]) =>
          ticks.map((t) => (data.x ? data.x.format(t) : formatShortDay(new Date(t * 1000).toISOString().slice(0, 10)))),
      },
      {
        stroke: axisColour,
        grid: { stroke: gridColour, width: 1 },
        size: 50,
        ...(formatY ? { values: (_u: uPlot, ticks: number[]) => ticks.map(formatY) } : {}),
      },
      ...(hasRatio ? [{ scale: "ratio", side: 1, stroke: axisColour, grid: { show: false }, size: 40 }] : []),
    ],
    series: [
      {
        label: data.x?.label ?? "Day",
        value: (_u, v) =>
          v == null ? "—" : data.x ? data.x.format(v) : formatDay(new Date(v * 1000).toISOString().slice(0, 10)),
      },
      ...data.series.map((s, i) => {
        const look = looks[i] ?? { style: "line" as const };
        const colour = SERIES_COLOURS[i % SERIES_COLOURS.length]!;
        return {
          label: s.label,
          scale: look.scale ?? "y",
          stroke: colour,
          width: look.style === "bars" ? 0 : 2,
          ...(look.style === "bars" && bars ? { fill: `${colour}99`, paths: bars } : {}),
          ...(look.style === "dashed" ? { dash: [6, 4] } : {}),
          spanGaps: look.style !== "bars",
          value: (_u: uPlot, v: number | null) => (v == null ? "—" : formatY ? formatY(v) : v.toFixed(s.digits)),
        };
      }),
    ],
    hooks: {
      drawClear: [drawBand],
      draw: [
        drawZero,
        () => {
          if (measured) return;
          measured = true;
          performance.mark(`chart:${props.name}:drawn`);
          performance.measure(`chart:${props.name}`, `chart:${props.name}:start`, `chart:${props.name}:drawn`);
        },
      ],
    },
  };
}

function pointCount(data: ChartData): number {
  return data.x ? data.x.values.length : data.days.length;
}

function DataTable({ data, id, title, formatY }: { data: ChartData; id: string; title: string; formatY?: ((v: number) => string) | undefined }) {
  const rows = data.x ? data.x.values.map((v) => data.x!.format(v)) : data.days.map(formatDay);
  // The table scrolls on its own: focusable, so keyboard users can scroll it too.
  return (
    <div className="table-scroll chart-table" id={id} tabIndex={0} role="region" aria-label={`${title}: data`}>
      <table>
        <thead>
          <tr>
            <th scope="col">{data.x?.label ?? "Day"}</th>
            {data.series.map((s) => (
              <th scope="col" className="number" key={s.label}>
                {s.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((label, row) => (
            <tr key={row}>
              <th scope="row">{label}</th>
              {data.series.map((s) => {
                const v = s.values[row];
                return (
                  <td className="number" key={s.label}>
                    {v == null ? "—" : formatY ? formatY(v) : v.toFixed(s.digits)}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * A time-series chart (uPlot on a canvas, days on x) with its text alternative: a caption, a one-sentence summary
 * and a data table behind a toggle. The canvas is hidden from assistive technology; the summary and table are not.
 */
export function Chart(props: ChartProps) {
  const host = useRef<HTMLDivElement>(null);
  const [showTable, setShowTable] = useState(false);
  const tableId = useId();
  const titleId = useId();
  const summaryId = useId();
  const { data } = props;

  useEffect(() => {
    const target = host.current;
    if (target === null || pointCount(data) === 0) return;
    performance.mark(`chart:${props.name}:start`);
    const xs = data.x ? data.x.values : data.days.map(dayToSeconds);
    const aligned: uPlot.AlignedData = [xs, ...data.series.map((s) => s.values)];
    const plot = new uPlot(buildOptions(props, target.clientWidth || 640), aligned, target);
    const resize = new ResizeObserver(() => {
      const width = target.clientWidth;
      if (width > 0 && width !== plot.width) plot.setSize({ width, height: plot.height });
    });
    resize.observe(target);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
    // The options are rebuilt from the props whenever the data changes; the looks are constant per chart.
  }, [data, props.name]);

  return (
    <figure className="chart" aria-labelledby={titleId} aria-describedby={summaryId}>
      <figcaption>
        <span className="chart-title" id={titleId}>
          {props.title}
        </span>
        <span className="chart-summary" id={summaryId}>
          {props.summary}
        </span>
      </figcaption>
      {pointCount(data) === 0 ? (
        <p className="hint">Nothing to draw in this range.</p>
      ) : (
        <div ref={host} className="chart-canvas" aria-hidden="true" data-chart={props.name} />
      )}
      {pointCount(data) > 0 && (
        <button
          type="button"
          className="link-button"
          aria-expanded={showTable}
          aria-controls={tableId}
          onClick={() => setShowTable((v) => !v)}
        >
          {showTable ? "Hide" : "Show"} data table
          <span className="visually-hidden">: {props.title}</span>
        </button>
      )}
      {showTable && <DataTable data={data} id={tableId} title={props.title} formatY={props.formatY} />}
    </figure>
  );
}
