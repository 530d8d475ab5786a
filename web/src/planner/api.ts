// The planner's server state: TanStack Query hooks over the typed client. Every body is a generated type; a change
// invalidates what it touches, so the calendar and the practice refresh in the background.

import { useMutation, useQueries, useQuery, useQueryClient } from "@tanstack/react-query";

import { api } from "../api/client";
import { unwrap } from "../api/query";
import type { components } from "../api/schema";

type S = components["schemas"];
export type Practice = S["PracticeRead"];
export type PracticeWorkout = S["PracticeWorkoutRead"];
export type Assignment = S["AssignmentRead"];
export type AssignmentCreate = S["AssignmentCreate"];
export type Workout = S["WorkoutRead"];
export type WorkoutSummary = S["WorkoutSummary"];
export type WorkoutCreate = S["WorkoutCreate"];
export type TrainingEvent = S["TrainingEventRead"];
export type RosterEntry = S["RosterEntryRead"];
export type EventGroup = S["EventGroupRead"];
export type Season = S["TeamSeasonRead"];
export type PublishReport = S["PublishReport"];
export type StrengthMax = S["StrengthMaxRead"];
export type Category = S["WorkoutCreate"]["workout_category"];

/** The If-Match value of a row read at ``version`` (the API's ETag is "v<version>"). */
export const ifMatch = (version: number) => `"v${version}"`;

export const keys = {
  program: (id: string) => ["program", id] as const,
  seasons: (programId: string) => ["seasons", programId] as const,
  groups: (programId: string) => ["event-groups", programId] as const,
  roster: (seasonId: string) => ["roster", seasonId] as const,
  practices: (seasonId: string) => ["practices", seasonId] as const,
  practice: (id: string) => ["practice", id] as const,
  workouts: (programId: string) => ["workouts", programId] as const,
  workout: (id: string) => ["workout", id] as const,
  events: (programId: string) => ["training-events", programId] as const,
  maxes: (athleteId: string) => ["strength-maxes", athleteId] as const,
};

export function useProgram(programId: string) {
  return useQuery({
    queryKey: keys.program(programId),
    queryFn: () => unwrap(api.GET("/api/v1/programs/{program_id}", { params: { path: { program_id: programId } } })),
    staleTime: 5 * 60_000,
  });
}

export function useSeasons(programId: string) {
  return useQuery({
    queryKey: keys.seasons(programId),
    queryFn: async () =>
      (
        await unwrap(
          api.GET("/api/v1/programs/{program_id}/team-seasons", { params: { path: { program_id: programId } } }),
        )
      ).items,
  });
}

export function useEventGroups(programId: string) {
  return useQuery({
    queryKey: keys.groups(programId),
    queryFn: async () =>
      (
        await unwrap(
          api.GET("/api/v1/programs/{program_id}/event-groups", { params: { path: { program_id: programId } } }),
        )
      ).items,
  });
}

export function useRoster(seasonId: string | undefined) {
  return useQuery({
    queryKey: keys.roster(seasonId ?? ""),
    enabled: seasonId !== undefined,
    queryFn: async () =>
      (
        await unwrap(
          api.GET("/api/v1/team-seasons/{team_season_id}/roster", {
            params: { path: { team_season_id: seasonId ?? "" } },
          }),
        )
      ).items,
  });
}

export function usePractices(seasonId: string | undefined) {
  return useQuery({
    queryKey: keys.practices(seasonId ?? ""),
    enabled: seasonId !== undefined,
    queryFn: async () =>
      (
        await unwrap(
          api.GET("/api/v1/team-seasons/{team_season_id}/practice-sessions", {
            params: { path: { team_season_id: seasonId ?? "" } },
          }),
        )
      ).items,
  });
}

/** A practice with its workouts per event group and its per-athlete overrides ("" reads nothing). */
export function usePractice(practiceId: string) {
  const path = { params: { path: { practice_id: practiceId } } };
  const [practice, workouts, assignments] = useQueries({
    queries: [
      {
        queryKey: [...keys.practice(practiceId), "row"],
        enabled: practiceId !== "",
        queryFn: () => unwrap(api.GET("/api/v1/practice-sessions/{practice_id}", path)),
      },
      {
        queryKey: [...keys.practice(practiceId), "workouts"],
        enabled: practiceId !== "",
        queryFn: async () => (await unwrap(api.GET("/api/v1/practice-sessions/{practice_id}/workouts", path))).items,
      },
      {
        queryKey: [...keys.practice(practiceId), "assignments"],
        enabled: practiceId !== "",
        queryFn: async () =>
          (await unwrap(api.GET("/api/v1/practice-sessions/{practice_id}/assignments", path))).items,
      },
    ],
  });
  return { practice, workouts, assignments };
}

export function useWorkouts(programId: string) {
  return useQuery({
    queryKey: keys.workouts(programId),
    queryFn: async () =>
      (await unwrap(api.GET("/api/v1/programs/{program_id}/workouts", { params: { path: { program_id: programId } } })))
        .items,
  });
}

export function useWorkout(workoutId: string | undefined) {
  return useQuery({
    queryKey: keys.workout(workoutId ?? ""),
    enabled: workoutId !== undefined,
    queryFn: () =>
      unwrap(api.GET("/api/v1/workouts/{workout_id}", { params: { path: { workout_id: workoutId ?? "" } } })),
  });
}

export function useTrainingEvents(programId: string) {
  return useQuery({
    queryKey: keys.events(programId),
    queryFn: async () =>
      (
        await unwrap(
          api.GET("/api/v1/programs/{program_id}/training-events", { params: { path: { program_id: programId } } }),
        )
      ).items,
  });
}

/** Each athlete's tested maxes (one request per athlete, cached per athlete). */
export function useStrengthMaxes(athleteIds: string[]) {
  return useQueries({
    queries: athleteIds.map((id) => ({
      queryKey: keys.maxes(id),
      queryFn: async () =>
        (
          await unwrap(
            api.GET("/api/v1/athletes/{athlete_id}/strength-maxes", { params: { path: { athlete_id: id } } }),
          )
        ).items,
      staleTime: 5 * 60_000,
    })),
  });
}

/** Invalidates a practice (and the season's calendar) after any change to it. */
export function useRefreshPractice() {
  const client = useQueryClient();
  return (practice: Pick<Practice, "id" | "team_season_id">) =>
    Promise.all([
      client.invalidateQueries({ queryKey: keys.practice(practice.id) }),
      client.invalidateQueries({ queryKey: keys.practices(practice.team_season_id) }),
    ]);
}

export function useCreatePractice(seasonId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: S["PracticeCreate"]) =>
      unwrap(
        api.POST("/api/v1/team-seasons/{team_season_id}/practice-sessions", {
          params: { path: { team_season_id: seasonId } },
          body,
        }),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.practices(seasonId) }),
  });
}

export function useUpdatePractice(practice: Practice) {
  const refresh = useRefreshPractice();
  return useMutation({
    mutationFn: (body: S["PracticeUpdate"]) =>
      unwrap(
        api.PATCH("/api/v1/practice-sessions/{practice_id}", {
          params: { path: { practice_id: practice.id } },
          headers: { "If-Match": ifMatch(practice.version) },
          body,
        }),
      ),
    onSuccess: () => refresh(practice),
  });
}

export function useAddPracticeWorkout(practice: Pick<Practice, "id" | "team_season_id">) {
  const refresh = useRefreshPractice();
  return useMutation({
    mutationFn: (body: S["PracticeWorkoutCreate"]) =>
      unwrap(
        api.POST("/api/v1/practice-sessions/{practice_id}/workouts", {
          params: { path: { practice_id: practice.id } },
          body,
        }),
      ),
    onSuccess: () => refresh(practice),
  });
}

export function useRemovePracticeWorkout(practice: Practice) {
  const refresh = useRefreshPractice();
  return useMutation({
    mutationFn: (entry: PracticeWorkout) =>
      unwrap(
        api.DELETE("/api/v1/practice-session-workouts/{entry_id}", {
          params: { path: { entry_id: entry.id } },
          headers: { "If-Match": ifMatch(entry.version) },
        }),
      ),
    onSuccess: () => refresh(practice),
  });
}

export function useAddAssignment(practice: Practice) {
  const refresh = useRefreshPractice();
  return useMutation({
    mutationFn: (body: AssignmentCreate) =>
      unwrap(
        api.POST("/api/v1/practice-sessions/{practice_id}/assignments", {
          params: { path: { practice_id: practice.id } },
          body,
        }),
      ),
    onSuccess: () => refresh(practice),
  });
}

export function useRemoveAssignment(practice: Practice) {
  const refresh = useRefreshPractice();
  return useMutation({
    mutationFn: (assignment: Assignment) =>
      unwrap(
        api.DELETE("/api/v1/practice-assignments/{assignment_id}", {
          params: { path: { assignment_id: assignment.id } },
          headers: { "If-Match": ifMatch(assignment.version) },
        }),
      ),
    onSuccess: () => refresh(practice),
  });
}

/** What publishing would do now; its ``version`` is what Publish then sends, so exactly this is published. */
export function usePreview(practice: Practice) {
  return useMutation({
    mutationFn: () =>
      unwrap(
        api.POST("/api/v1/practice-sessions/{practice_id}/preview", {
          params: { path: { practice_id: practice.id } },
        }),
      ),
  });
}

/** Publish or cancel: the version previewed (or read) is the one acted on; 412 when it changed since. */
export function usePracticeAction(practice: Practice, action: "publish" | "cancel") {
  const refresh = useRefreshPractice();
  return useMutation({
    mutationFn: (version: number) => {
      const params = { path: { practice_id: practice.id }, header: { "If-Match": ifMatch(version) } };
      return unwrap(
        action === "publish"
          ? api.POST("/api/v1/practice-sessions/{practice_id}/publish", { params })
          : api.POST("/api/v1/practice-sessions/{practice_id}/cancel", { params }),
      );
    },
    onSuccess: () => refresh(practice),
  });
}

export function useCopyPractice(practice: Practice) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (dates: string[]) =>
      unwrap(
        api.POST("/api/v1/practice-sessions/{practice_id}:copy", {
          params: { path: { practice_id: practice.id } },
          body: { dates },
        }),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.practices(practice.team_season_id) }),
  });
}

export function useCopyWeek(seasonId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: S["WeekCopy"]) =>
      unwrap(
        api.POST("/api/v1/team-seasons/{team_season_id}/practice-sessions:copy-week", {
          params: { path: { team_season_id: seasonId } },
          body,
        }),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.practices(seasonId) }),
  });
}

export function useSaveWorkout(programId: string, existing: Workout | undefined) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: WorkoutCreate) =>
      existing === undefined
        ? unwrap(api.POST("/api/v1/programs/{program_id}/workouts", { params: { path: { program_id: programId } }, body }))
        : unwrap(
            api.PATCH("/api/v1/workouts/{workout_id}", {
              params: { path: { workout_id: existing.id } },
              headers: { "If-Match": ifMatch(existing.version) },
              body,
            }),
          ),
    onSuccess: async (saved) => {
      client.setQueryData(keys.workout(saved.id), saved);
      await client.invalidateQueries({ queryKey: keys.workouts(programId) });
    },
  });
}

export function useCreateTrainingEvent(programId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: S["TrainingEventCreate"]) =>
      unwrap(
        api.POST("/api/v1/programs/{program_id}/training-events", { params: { path: { program_id: programId } }, body }),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.events(programId) }),
  });
}
