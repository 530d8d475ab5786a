/**
 * The service worker's copy of the API's answers (Cache Storage, NetworkFirst: pwa.config.ts) and the last
 * `me` for the app's start without a network. Both belong to one user: cleared at sign-in and sign-out, so the
 * next person on the device never sees them.
 */
import type { components } from "../api/schema";

type Me = components["schemas"]["Me"];

/** The Cache Storage name of the API's answers (the service worker's runtime cache). */
export const API_CACHE = "trainingops-api";
const SAVED_ME = "trainingops.me";

export async function clearApiCache(): Promise<void> {
  localStorage.removeItem(SAVED_ME);
  if (typeof caches !== "undefined") await caches.delete(API_CACHE);
}

export function saveMe(me: Me | null): void {
  if (me === null) localStorage.removeItem(SAVED_ME);
  else localStorage.setItem(SAVED_ME, JSON.stringify(me));
}

/** Who was signed in when the network was last reachable (null: nobody, or never saved). */
export function savedMe(): Me | null {
  const saved = localStorage.getItem(SAVED_ME);
  return saved === null ? null : (JSON.parse(saved) as Me);
}
