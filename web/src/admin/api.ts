/** The administration screens' server state: one query per list, the ETag rule, and mutations that reload. */
import { type QueryKey, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";

import { api } from "../api/client";
import { ApiError, unwrap } from "../api/query";
import type { components } from "../api/schema";

type Schemas = components["schemas"];
export type Program = Schemas["ProgramDetail"];
export type Capability = Program["capabilities"][number];
export type Member = Schemas["MemberRead"];
export type StaffRoleName = Member["role"];
export type Season = Schemas["TeamSeasonRead"];
export type EventGroup = Schemas["EventGroupRead"];
export type RosterEntry = Schemas["RosterEntryRead"];
export type RosterStatus = RosterEntry["status"];
export type Athlete = Schemas["AthleteProfile"];
export type LoadSettings = Schemas["ProgramLoadSettings"];
export type Feed = Schemas["FeedRead"];

/** The If-Match value for a row of this version (the API's ETag is "v<version>"). */
export function ifMatch(version: number): { "If-Match": string } {
  return { "If-Match": `"v${version}"` };
}

export const keys = {
  program: (programId: string) => ["program", programId] as const,
  members: (programId: string) => ["program", programId, "members"] as const,
  seasons: (programId: string) => ["program", programId, "seasons"] as const,
  groups: (programId: string) => ["program", programId, "event-groups"] as const,
  athletes: (programId: string) => ["program", programId, "athletes"] as const,
  roster: (seasonId: string) => ["season", seasonId, "roster"] as const,
  loadSettings: (programId: string) => ["program", programId, "load-settings"] as const,
  feeds: ["calendar-feeds"] as const,
  sessionImport: (batchId: string) => ["session-import", batchId] as const,
};

export function useProgram(programId: string) {
  return useQuery({
    queryKey: keys.program(programId),
    queryFn: () => unwrap(api.GET("/api/v1/programs/{program_id}", inProgram(programId))),
  });
}

/** The parameters of a route under /programs/{program_id}. */
export function inProgram(programId: string) {
  return { params: { path: { program_id: programId } } };
}

/** A list the API answers as `{items}`, under its key. */
function useItems<T>(queryKey: QueryKey, fetchList: () => Promise<{ items: T[] }>, enabled = true) {
  return useQuery({ queryKey, enabled, queryFn: async () => (await fetchList()).items });
}

export function useMembers(programId: string) {
  return useItems(keys.members(programId), () =>
    unwrap(api.GET("/api/v1/programs/{program_id}/members", inProgram(programId))),
  );
}

export function useSeasons(programId: string) {
  return useItems(keys.seasons(programId), () =>
    unwrap(api.GET("/api/v1/programs/{program_id}/team-seasons", inProgram(programId))),
  );
}

export function useEventGroups(programId: string) {
  return useItems(keys.groups(programId), () =>
    unwrap(api.GET("/api/v1/programs/{program_id}/event-groups", inProgram(programId))),
  );
}

export function useAthletes(programId: string) {
  return useItems(keys.athletes(programId), () =>
    unwrap(api.GET("/api/v1/programs/{program_id}/athletes", inProgram(programId))),
  );
}

export function useRoster(seasonId: string | null) {
  return useItems(
    keys.roster(seasonId ?? "none"),
    () =>
      unwrap(
        api.GET("/api/v1/team-seasons/{team_season_id}/roster", {
          params: { path: { team_season_id: seasonId ?? "" } },
        }),
      ),
    seasonId !== null,
  );
}

export function useLoadSettings(programId: string) {
  return useQuery({
    queryKey: keys.loadSettings(programId),
    queryFn: () => unwrap(api.GET("/api/v1/programs/{program_id}/load-settings", inProgram(programId))),
  });
}

export function useFeeds() {
  return useItems(keys.feeds, () => unwrap(api.GET("/api/v1/calendar-feeds")));
}

/** 412: someone changed the row since this screen read it. */
export function isConflict(error: unknown): boolean {
  return error instanceof ApiError && error.status === 412;
}

/**
 * A change that reloads the lists it touches once it has settled — also after a 412, so the screen shows what the
 * other person changed instead of overwriting it.
 */
export function useAdminMutation<Args, Result>(mutationFn: (args: Args) => Promise<Result>, touches: QueryKey[]) {
  const client = useQueryClient();
  return useMutation({
    mutationFn,
    onSettled: async () => {
      await Promise.all(touches.map((queryKey) => client.invalidateQueries({ queryKey })));
    },
  });
}

/**
 * Changes made in place in a table (a role, a status, a date): one at a time, each saying what it did in a sentence
 * once the lists it touches have reloaded.
 */
export function useRowChanges<Change>(mutationFn: (change: Change) => Promise<unknown>, touches: QueryKey[]) {
  const [done, setDone] = useState<string | null>(null);
  const mutation = useAdminMutation(mutationFn, touches);
  const apply = (change: Change, sentence: string) => {
    setDone(null);
    mutation.mutate(change, { onSuccess: () => setDone(sentence) });
  };
  return { apply, error: mutation.error, busy: mutation.isPending, done, setDone };
}
