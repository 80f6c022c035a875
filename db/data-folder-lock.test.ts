import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { claimDataFolder } from "./data-folder-lock";

const folder = mkdtempSync(path.join(tmpdir(), "data-folder-lock-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe("claiming a PGlite data folder", () => {
  it("takes over a claim whose process is gone (a portal killed without closing), and gives it back", () => {
    const gone = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
    const lock = path.join(folder, "portal.pid");
    writeFileSync(lock, gone.stdout);
    const release = claimDataFolder(folder);
    expect(existsSync(lock)).toBe(true);
    release();
    expect(existsSync(lock)).toBe(false);
  });
});
