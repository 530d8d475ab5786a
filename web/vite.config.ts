import react from "@vitejs/plugin-react";
import { VitePWA } from "vite-plugin-pwa";
import { defineConfig } from "vitest/config";

import { pwaManifest, pwaWorkbox } from "./pwa.config";

// The production build goes into the Python package (git-ignored), which FastAPI serves at "/"
// (trainingops.api.webapp): hashed assets under /assets/, index.html for every client route, and the service
// worker (/sw.js, /workbox-*.js) with the manifest (/manifest.webmanifest) at the root (docs/offline.md).
export default defineConfig({
  plugins: [
    react(),
    // The installable, offline app (issue 16). Only the production build has a service worker (devOptions off):
    // `npm run dev` and the Vitest runs never register one.
    VitePWA({
      strategies: "generateSW",
      registerType: "autoUpdate",
      // An external /registerSW.js (no inline script: the Content-Security-Policy forbids them).
      injectRegister: "script-defer",
      includeAssets: ["icons/apple-touch-icon.png"],
      manifest: pwaManifest,
      workbox: pwaWorkbox,
    }),
  ],
  build: {
    outDir: "../src/trainingops/webapp/dist",
    emptyOutDir: true,
    sourcemap: false,
    // One chunk per route screen (React.lazy) keeps the first load small.
    chunkSizeWarningLimit: 400,
  },
  server: {
    // `npm run dev`: the API on its usual port behind the dev server.
    proxy: { "/api": "http://127.0.0.1:8000", "/calendar": "http://127.0.0.1:8000" },
  },
  test: {
    environment: "jsdom",
    globals: true,
    include: ["tests/**/*.test.{ts,tsx}"],
  },
});
