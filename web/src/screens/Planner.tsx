import { Route, Routes } from "react-router";

import { useTitle } from "../lib/title";
import { PracticeCalendar } from "../planner/PracticeCalendar";
import { PracticeEditor } from "../planner/PracticeEditor";
import { WorkoutBuilder } from "../planner/WorkoutBuilder";
import { claimPressableStyle } from "../planner/cspSafeAria";
import "../planner/planner.css";

claimPressableStyle();

/** The practice planner: the season's calendar, a practice with its workouts and overrides, the builders. */
export function Planner() {
  useTitle("Practice planner");
  return (
    <Routes>
      <Route index element={<PracticeCalendar />} />
      <Route path="practices/:practiceId" element={<PracticeEditor />} />
      <Route path="workouts/new" element={<WorkoutBuilder />} />
      <Route path="workouts/:workoutId" element={<WorkoutBuilder />} />
    </Routes>
  );
}
