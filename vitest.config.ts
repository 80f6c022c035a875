import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const alias = { "@": fileURLToPath(new URL("./", import.meta.url)) };
const shared = {
  environment: "node" as const,
  setupFiles: ["./vitest.setup.ts"],
  // Integration tests start real sandboxes and PGlite databases; give them room on 2 cores.
  testTimeout: 60_000,
  hookTimeout: 60_000,
  pool: "forks" as const,
};
const everything = ["server/**/*.test.ts", "app/**/*.test.ts", "db/**/*.test.ts", "scripts/**/*.test.ts"];
// Load tests offer a fixed request rate and count what the supplier's sandbox answers; on 2 cores
// they only measure the limiter when nothing else runs, so they go alone, after the rest.
const loadTests = ["**/*.load.test.ts"];

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: { ...shared, name: "integration", include: everything, exclude: ["**/node_modules/**", ...loadTests], sequence: { groupOrder: 0 } },
      },
      { resolve: { alias }, test: { ...shared, name: "load", include: loadTests, fileParallelism: false, sequence: { groupOrder: 1 } } },
    ],
  },
});
