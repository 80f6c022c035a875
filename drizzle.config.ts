import { defineConfig } from "drizzle-kit";

// Migrations are generated from db/schema.ts and committed; the portal applies them on start.
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema.ts",
  out: "./db/migrations",
});
