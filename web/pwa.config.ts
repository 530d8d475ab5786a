/**
 * The PWA's manifest and the service worker's caching rules (vite-plugin-pwa → Workbox generateSW).
 * docs/offline.md explains what is cached, for how long, and why.
 */
import type { ManifestOptions, VitePWAOptions } from "vite-plugin-pwa";

// The name the app clears on sign-in and sign-out.
import { API_CACHE } from "./src/offline/apiCache";


export const pwaManifest: Partial<ManifestOptions> = {
  name: "TrainingOps",
  short_name: "TrainingOps",
  description: "Plan, log and review training — works offline on the track and in the gym.",
  start_url: "/",
  scope: "/",
  display: "standalone",
  orientation: "portrait",
  theme_color: "#0969da",
  background_color: "#ffffff",
  icons: [
    { src: "/icons/icon-192.png", sizes: "192x192", type: "image/png" },
    { src: "/icons/icon-512.png", sizes: "512x512", type: "image/png" },
    { src: "/icons/icon-maskable-512.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
  ],
};

// Paths the service worker leaves to the network (the server's own pages and feeds, not the app's routes).
const NOT_THE_APP = [/^\/api\//, /^\/docs/, /^\/redoc/, /^\/openapi\.json/, /^\/healthz/, /^\/readyz/, /^\/metrics/, /^\/calendar\//];

export const pwaWorkbox: VitePWAOptions["workbox"] = {
  // The app shell: every built script, style, icon and index.html, precached at install.
  globPatterns: ["**/*.{js,css,html,png,svg,webmanifest}"],
  navigateFallback: "index.html",
  navigateFallbackDenylist: NOT_THE_APP,
  // A new build takes over at once (the outbox lives in IndexedDB, not in the page, so nothing is lost).
  skipWaiting: true,
  clientsClaim: true,
  cleanupOutdatedCaches: true,
  runtimeCaching: [
    {
      // Reads of the API: the network first, the last answer when the network is down or slower than 3 s
      // (a stadium basement), so the athlete's Today (last 28 / next 14 days), sessions and `me` open offline.
      // Writes never match (method GET only); sign-in/out and exports are never cached.
      urlPattern: ({ url, request, sameOrigin }) =>
        sameOrigin &&
        request.method === "GET" &&
        url.pathname.startsWith("/api/v1/") &&
        !url.pathname.startsWith("/api/v1/auth/") &&
        !url.pathname.includes(":export"),
      handler: "NetworkFirst",
      method: "GET",
      options: {
        cacheName: API_CACHE,
        networkTimeoutSeconds: 3,
        // Two weeks: the next 14 days' plan must still open at the end of a trip (docs/offline.md).
        expiration: { maxEntries: 300, maxAgeSeconds: 14 * 24 * 60 * 60 },
        cacheableResponse: { statuses: [200] },
      },
    },
  ],
};
