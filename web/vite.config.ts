import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";

// The production build goes into the Python package (git-ignored), which FastAPI serves at "/"
// (trainingops.api.webapp): hashed assets under /assets/, index.html for every client route.
export default defineConfig({
  plugins: [react()],
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
