import { Chart } from "../../components/charts/Chart";
import { type ActivitySummary, hasValues, streamCharts, streamSummary } from "../../lib/activity";
import { formatInstant } from "../../lib/days";
import { type DistanceUnit, formatDistance, formatDuration, formatPace } from "../../lib/units";
import { useActivityFile, useActivityStreams } from "./queries";

function Splits({ summary, unit }: { summary: ActivitySummary; unit: DistanceUnit }) {
  if (summary.splits.length === 0 && summary.laps.length === 0) return null;
  return (
    <>
      {summary.splits.length > 0 && (
        <div className="table-scroll">
          <table>
            <caption>Kilometre splits</caption>
            <thead>
              <tr>
                <th scope="col">Kilometre</th>
                <th scope="col" className="number">Distance</th>
                <th scope="col" className="number">Time</th>
                <th scope="col" className="number">Pace</th>
                <th scope="col" className="number">Heart rate</th>
              </tr>
            </thead>
            <tbody>
              {summary.splits.map((s) => (
                <tr key={s.km}>
                  <th scope="row">{s.km}</th>
                  <td className="number">{formatDistance(s.distance_m, unit)}</td>
                  <td className="number">{formatDuration(s.timer_s)}</td>
                  <td className="number">{formatPace(s.distance_m, s.timer_s, unit)}</td>
                  <td className="number">{s.avg_hr == null ? "—" : `${Math.round(s.avg_hr)} bpm`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {summary.laps.length > 0 && (
        <div className="table-scroll">
          <table>
            <caption>Laps</caption>
            <thead>
              <tr>
                <th scope="col">Lap</th>
                <th scope="col" className="number">Distance</th>
                <th scope="col" className="number">Time</th>
                <th scope="col" className="number">Pace</th>
                <th scope="col" className="number">Average / maximum heart rate</th>
              </tr>
            </thead>
            <tbody>
              {summary.laps.map((l, i) => (
                <tr key={`${l.start}-${i}`}>
                  <th scope="row">{i + 1}</th>
                  <td className="number">{formatDistance(l.distance_m, unit)}</td>
                  <td className="number">{formatDuration(l.timer_s)}</td>
                  <td className="number">{formatPace(l.distance_m, l.timer_s, unit)}</td>
                  <td className="number">
                    {l.avg_hr == null ? "—" : `${Math.round(l.avg_hr)} / ${l.max_hr ?? "—"} bpm`}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

function StreamsCharts({ sessionId, unit }: { sessionId: string; unit: DistanceUnit }) {
  const streams = useActivityStreams(sessionId, true);
  if (streams.isPending) return <div className="skeleton chart-skeleton" />;
  if (streams.isError || !streams.data) return <p className="hint">The device file&apos;s samples cannot be shown.</p>;
  const charts = streamCharts(streams.data, unit);
  const summary = streamSummary(streams.data, unit);
  return (
    <div className="chart-grid">
      {hasValues(charts.heartRate) && (
        <Chart name="session-heart-rate" title="Heart rate over time" summary={summary} data={charts.heartRate} looks={[{ style: "line" }]} />
      )}
      {hasValues(charts.pace) && (
        <Chart
          name="session-pace"
          title="Pace over time"
          summary={summary}
          data={charts.pace}
          looks={[{ style: "line" }]}
          formatY={formatDuration}
          invertY
        />
      )}
    </div>
  );
}

export function NoDeviceFile() {
  return <p>No device file was imported into this session. The athlete or a coach can upload a FIT, GPX or TCX file.</p>;
}

/** The device file behind a completed session: download, splits and laps, heart rate and pace over time. */
export function DeviceData({
  sessionId,
  summary,
  unit,
  timeZone,
}: {
  sessionId: string;
  summary: ActivitySummary;
  unit: DistanceUnit;
  timeZone: string | undefined;
}) {
  const file = useActivityFile(sessionId, true);
  return (
    <section aria-labelledby="device-title">
      <h2 id="device-title">Device file</h2>
      {file.isPending ? (
        <div className="skeleton" />
      ) : file.data == null ? (
        <NoDeviceFile />
      ) : (
        <>
          <p>
            <a href={file.data.download} download>
              Download {file.data.filename}
            </a>{" "}
            <span className="hint">
              ({file.data.format.toUpperCase()}, {Math.round(file.data.size_bytes / 1024)} kB, uploaded{" "}
              {formatInstant(file.data.created_at, timeZone)}
              {summary.device ? `, recorded with ${summary.device}` : ""})
            </span>
          </p>
          {file.data.segments
            .flatMap((s) => s.quality)
            .map((q) => (
              <p key={q.code} className="hint">
                Note: {q.detail}
              </p>
            ))}
          <Splits summary={summary} unit={unit} />
          <StreamsCharts sessionId={sessionId} unit={unit} />
        </>
      )}
    </section>
  );
}
