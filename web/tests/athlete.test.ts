import { describe, expect, it } from "vitest";

import type { components } from "../src/api/schema";
import {
  DURATION_MESSAGE,
  EMPTY_ACTUALS,
  actualChanges,
  distanceInUnit,
  formOf,
  formatClock,
  painOf,
  parseClock,
  parseDistance,
  readActuals,
  withPain,
} from "../src/lib/actuals";
import { queuedNewSessions, sessionOfWrite, withQueuedActuals } from "../src/lib/pendingWrites";
import { paceInUnit, publishedLoads, stepLines } from "../src/lib/workoutSteps";
import type { QueuedWrite } from "../src/offline/outbox";

type SessionRead = components["schemas"]["SessionRead"];
type StepRead = components["schemas"]["StepRead"];

const ID = "0b6c1a52-2f0e-4d7e-9a59-3c1f8f3f9e11";

function session(overrides: Partial<SessionRead> = {}): SessionRead {
  return {
    id: ID, athlete_id: "a", source: "coach_assigned", coach_member_id: null, team_season_id: null,
    scheduled_date: "2026-11-30", completed_at: null, workout_category: "run", title: "Tempo",
    planned_description: null, planned_distance_m: 8000, planned_duration_sec: 2400, planned_rpe: 6,
    actual_distance_m: null, actual_duration_sec: null, actual_rpe: null, actual_description: null,
    metrics_json: null, practice_session_id: null, practice_session_workout_id: null, workout_id: null,
    external_id: null, import_batch_id: null, session_date: "2026-11-30", status: "planned", compliance: null,
    reviewed_by: null, reviewed_at: null, created_at: "", updated_at: "", version: 3, ...overrides,
  };
}

function write(overrides: Partial<QueuedWrite>): QueuedWrite {
  return { method: "POST", path: "", label: "", key: "k1", seq: 1, queuedAt: "2026-11-30T18:00:00.000Z", state: "pending", ...overrides };
}

describe("durations typed as h:mm:ss", () => {
  it("reads h:mm:ss and m:ss, and refuses a bare number or out-of-range minutes", () => {
    expect(parseClock("0:45:30")).toBe(2730);
    expect(parseClock("1:02:09")).toBe(3729);
    expect(parseClock("45:30")).toBe(2730);
    expect(parseClock(" 0:05:00 ")).toBe(300);
    expect(parseClock("45")).toBeNull();
    expect(parseClock("0:60:00")).toBeNull();
    expect(parseClock("1:2:3:4")).toBeNull();
    expect(parseClock("1:xx")).toBeNull();
  });

  it("writes seconds back as h:mm:ss", () => {
    expect(formatClock(2730)).toBe("0:45:30");
    expect(formatClock(3729)).toBe("1:02:09");
    expect(formatClock(0)).toBe("0:00:00");
  });
});

describe("distances in the athlete's unit", () => {
  it("turns km and miles into whole metres and back", () => {
    expect(parseDistance("8.5", "km")).toBe(8500);
    expect(parseDistance("8,5", "km")).toBe(8500);
    expect(parseDistance("5", "mi")).toBe(8047);
    expect(parseDistance("-1", "km")).toBeNull();
    expect(parseDistance("five", "mi")).toBeNull();
    expect(distanceInUnit(8047, "mi")).toBe("5");
    expect(distanceInUnit(8500, "km")).toBe("8.5");
  });
});

describe("the log form", () => {
  it("refuses a bad duration with the message, and converts good input", () => {
    expect(readActuals({ ...EMPTY_ACTUALS, duration: "45" }, "km")).toEqual({ errors: { duration: DURATION_MESSAGE } });
    expect(readActuals(EMPTY_ACTUALS, "km")).toHaveProperty("errors.duration");
    expect(readActuals({ ...EMPTY_ACTUALS, duration: "49:00:00" }, "km")).toHaveProperty("errors.duration");
    expect(readActuals({ ...EMPTY_ACTUALS, duration: "0:30:00", pain: true }, "km")).toHaveProperty("errors.painScore");
    expect(
      readActuals({ ...EMPTY_ACTUALS, duration: "0:45:30", distance: "5", rpe: "7", notes: " ok ", pain: true, painScore: "3", painWhere: "knee" }, "mi"),
    ).toEqual({
      actuals: { actual_duration_sec: 2730, actual_distance_m: 8047, actual_rpe: 7, actual_description: "ok", pain: { score: 3, note: "knee" } },
    });
  });

  it("keeps a device file's summary when the pain changes, and reads pain in both stored shapes", () => {
    expect(withPain({ schema: "activity/1" }, { score: 2, note: null })).toEqual({ schema: "activity/1", pain: { score: 2, note: null } });
    expect(withPain({ schema: "activity/1", pain: 4 }, null)).toEqual({ schema: "activity/1" });
    expect(withPain({ pain: 4 }, null)).toBeNull();
    expect(painOf({ pain: 4 })).toEqual({ score: 4, note: null });
    expect(painOf({ pain: { score: 0 } })).toBeNull();
  });

  it("sends the filled fields of a first log, and only the changed ones of an edit, with their base", () => {
    const planned = session();
    const first = actualChanges(planned, { actual_duration_sec: 2730, actual_distance_m: null, actual_rpe: 7, actual_description: null, pain: null }, { firstLog: true });
    expect(first.body).toEqual({ actual_duration_sec: 2730, actual_rpe: 7 });
    expect(first.base).toEqual({ actual_duration_sec: null, actual_rpe: null });
    const logged = session({ status: "completed", actual_duration_sec: 2730, actual_rpe: 7, actual_description: "a" });
    const edit = actualChanges(logged, { ...formToActuals(logged), actual_description: "b" }, { firstLog: false });
    expect(edit).toEqual({ body: { actual_description: "b" }, base: { actual_description: "a" } });
  });
});

function formToActuals(s: SessionRead) {
  const read = readActuals(formOf(s, "km"), "km");
  if ("errors" in read) throw new Error("bad form");
  return read.actuals;
}

describe("queued writes over the server's answer", () => {
  it("finds the session a write changes", () => {
    expect(sessionOfWrite({ path: `/api/v1/sessions/${ID}/complete` })).toBe(ID);
    expect(sessionOfWrite({ path: `/api/v1/sessions/${ID}` })).toBe(ID);
    expect(sessionOfWrite({ path: "/api/v1/sessions" })).toBeNull();
  });

  it("reads a queued log as done, and a queued edit as its new values", () => {
    const logged = withQueuedActuals(session(), [write({ path: `/api/v1/sessions/${ID}/complete`, body: { actual_rpe: 6 } })]);
    expect([logged.status, logged.actual_rpe, logged.completed_at]).toEqual(["completed", 6, "2026-11-30T18:00:00.000Z"]);
    const edited = withQueuedActuals(session({ status: "completed", actual_rpe: 6 }), [write({ method: "PATCH", path: `/api/v1/sessions/${ID}`, body: { actual_rpe: 8 } })]);
    expect(edited.actual_rpe).toBe(8);
  });

  it("shows a queued self-assigned session on its day", () => {
    const [queued] = queuedNewSessions(
      [write({ path: "/api/v1/sessions", body: { workout_category: "cross_training", title: "Bike", scheduled_date: "2026-11-29", completed_at: "x", actual_duration_sec: 1800 } })],
      "a",
    );
    expect(queued).toMatchObject({ id: "queued-k1", session_date: "2026-11-29", status: "completed", title: "Bike", actual_duration_sec: 1800 });
  });
});

describe("workout steps for the phone", () => {
  const leaf = (id: string, overrides: Partial<StepRead>): StepRead => ({
    id, position: 1, training_event_id: "e", event_name: "Rep", target_distance_m: null, target_duration_sec: null,
    sets: null, reps: null, load_kg: null, load_pct_1rm: null, intensity_rpe: null, pace_min_sec_per_km: null,
    pace_max_sec_per_km: null, hr_zone: null, rest_sec: null, notes: null, ...overrides,
  });

  it("converts paces to the athlete's unit and keeps track distances in metres", () => {
    expect(paceInUnit(240, "km")).toBe("4:00 /km");
    expect(paceInUnit(240, "mi")).toBe("6:26 /mi");
    const lines = stepLines(
      [
        leaf("a", { event_name: "Easy", target_distance_m: 3000, pace_min_sec_per_km: 300, pace_max_sec_per_km: 330 }),
        { ...leaf("b", { training_event_id: null, event_name: null, rest_sec: 180 }), repeat: 4, steps: [leaf("c", { target_distance_m: 400, target_duration_sec: 72, intensity_rpe: 8 })] },
      ],
      "mi",
      null,
    );
    expect(lines[0]?.text).toBe("Easy: 1.86 mi, pace 8:03–8:51 /mi");
    expect(lines[1]?.text).toBe("4 ×, rest 3:00 after");
    expect(lines[1]?.steps?.[0]?.text).toBe("Rep: 400 m, 1:12, pace 4:50 /mi, RPE 8");
  });

  it("shows % of 1RM loads in the athlete's kilograms as published", () => {
    const description = "1. Back squat: 5 × 5, @ 100 kg (80 % of 1RM 125 kg), RPE 8\n2. Box jump: 3 × 5\n3. Bench: 4 × 6, @ 70 % 1RM (load to be set: no tested max)";
    expect(publishedLoads(description)).toEqual(["100 kg (80 % of 1RM 125 kg)", "70 % 1RM (load to be set: no tested max)"]);
    const lines = stepLines(
      [
        leaf("a", { event_name: "Back squat", sets: 5, reps: 5, load_pct_1rm: 80, intensity_rpe: 8 }),
        leaf("b", { event_name: "Box jump", sets: 3, reps: 5 }),
        leaf("c", { event_name: "Bench", sets: 4, reps: 6, load_pct_1rm: 70 }),
      ],
      "km",
      description,
    );
    expect(lines.map((l) => l.text)).toEqual([
      "Back squat: 5 × 5, @ 100 kg (80 % of 1RM 125 kg), RPE 8",
      "Box jump: 3 × 5",
      "Bench: 4 × 6, @ 70 % 1RM (load to be set: no tested max)",
    ]);
    expect(stepLines([leaf("a", { load_pct_1rm: 80 })], "km", null)[0]?.text).toBe("Rep: @ 80 % of 1RM");
  });
});
