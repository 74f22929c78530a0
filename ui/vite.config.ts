import { defineConfig } from "vitest/config";
import { svelte } from "@sveltejs/vite-plugin-svelte";

// Tauri loads ui/dist from disk (see src-tauri/tauri.conf.json), so the build must be self-contained.
export default defineConfig({
  plugins: [svelte()],
  clearScreen: false,
  server: { port: 1420, strictPort: true, host: "127.0.0.1" },
  // One bundle read from disk, never downloaded: its size does not decide how fast a view opens.
  build: { target: "es2022", outDir: "dist", emptyOutDir: true, chunkSizeWarningLimit: 4096 },
  test: { include: ["src/**/*.test.ts"] },
});
