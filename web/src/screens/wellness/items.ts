// The daily check-in of McLean et al. 2010 (Int J Sports Physiol Perform 5:367–383, after Hooper & Mackinnon
// 1995): five items on a 1–5 scale, 1 the worst and 5 the best, each end in the questionnaire's own words.
import type { components } from "../../api/schema";

export type WellnessCheckin = components["schemas"]["WellnessCheckin"];
export type WellnessDay = components["schemas"]["WellnessDay"];
export type ItemKey = "sleep_quality" | "fatigue" | "muscle_soreness" | "stress" | "mood";

export const ITEMS: { key: ItemKey; question: string; worst: string; best: string }[] = [
  { key: "sleep_quality", question: "Sleep quality", worst: "Insomnia", best: "Very restful" },
  { key: "fatigue", question: "Fatigue", worst: "Always tired", best: "Very fresh" },
  { key: "muscle_soreness", question: "Muscle soreness", worst: "Very sore", best: "Feeling great" },
  { key: "stress", question: "Stress", worst: "Highly stressed", best: "Very relaxed" },
  { key: "mood", question: "Mood", worst: "Highly annoyed, irritable, down", best: "Very positive mood" },
];

export type Answers = Partial<Record<ItemKey, number>> & { sleep_hours: string; note: string };

export const EMPTY: Answers = { sleep_hours: "", note: "" };

export function answersFrom(day: WellnessDay | undefined): Answers {
  if (!day) return EMPTY;
  const answers: Answers = { sleep_hours: day.sleep_hours === null ? "" : String(day.sleep_hours), note: day.note ?? "" };
  for (const { key } of ITEMS) {
    const value = day[key];
    if (value !== null) answers[key] = value;
  }
  return answers;
}

/** The PUT body, or null while an item or the hours are missing. */
export function checkinBody(answers: Answers): WellnessCheckin | null {
  const hours = Number(answers.sleep_hours);
  if (answers.sleep_hours.trim() === "" || !Number.isFinite(hours) || hours < 0 || hours > 24) return null;
  const [sleep_quality, fatigue, muscle_soreness, stress, mood] = ITEMS.map(({ key }) => answers[key]);
  if (sleep_quality === undefined || fatigue === undefined || muscle_soreness === undefined || stress === undefined || mood === undefined) {
    return null;
  }
  const note = answers.note.trim();
  return {
    sleep_quality,
    fatigue,
    muscle_soreness,
    stress,
    mood,
    sleep_hours: Math.round(hours * 10) / 10,
    note: note === "" ? null : note,
  };
}

export const total = (body: WellnessCheckin) => body.sleep_quality + body.fatigue + body.muscle_soreness + body.stress + body.mood;
