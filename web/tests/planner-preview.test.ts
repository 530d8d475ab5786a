import type { PublishReport } from "../src/planner/api";
import { warnings } from "../src/planner/PublishPanel";

const effect = (name: string, without: number | null, withPractice: number | null) => ({
  athlete_id: name,
  name,
  acwr_ewma: { without, with: withPractice },
  fitness_ctl: { without: 40, with: 41 },
  form_tsb_next_morning: { without: 5, with: -3 },
  summary: "",
});

const report = {
  practice_session_id: "p",
  status: "draft",
  version: 3,
  created: [],
  updated: [],
  removed: [],
  unchanged: [],
  kept_completed: [],
  loads_to_be_set: [{ athlete_id: "b", workout_id: "squat" }],
  overrides_not_applied: [{ id: "o", athlete_id: "c", kind: "scale", practice_session_workout_id: null }],
  athletes: [],
  load_effect: [effect("Ana", 1.1, 1.42), effect("Ben", 1.5, 1.45), effect("Cal", null, null), effect("Dee", 1.0, 1.2)],
} as unknown as PublishReport;

describe("the publish preview's warnings", () => {
  it("describe a ratio the practice lifts above the usual band, a load to be set and an override that does nothing", () => {
    const said = warnings(report, (id) => `athlete ${id}`, (id) => `workout ${id}`);
    expect(said).toEqual([
      "Ana: load on the day would be 1.42× the recent norm, above the usual 0.8–1.3 band.",
      "athlete b: workout squat has a % of 1RM but no tested max — load to be set.",
      "athlete c: the scale override changes nothing (the practice no longer gives that workout).",
    ]);
  });
});
