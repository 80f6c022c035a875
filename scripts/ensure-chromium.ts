/**
 * The Playwright tests drive Debian's Chromium (Playwright cannot download its own browsers here). Run first by
 * `npm test`, so a machine without it learns at once rather than after the unit tests: as root it installs Debian's
 * package itself, otherwise it stops with the one command that does.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const packages = ["chromium", "fonts-liberation"];
const installCommand = `sudo apt-get update && sudo apt-get install -y --no-install-recommends ${packages.join(" ")}`;

function run(command: string, args: string[]): boolean {
  const result = spawnSync(command, args, { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
  return result.status === 0;
}

if (!existsSync(chromium)) {
  const isRoot = process.getuid?.() === 0;
  if (process.env.CHROMIUM_PATH || !isRoot || !existsSync("/usr/bin/apt-get")) {
    console.error(`[test] Chromium is missing at ${chromium}; the Playwright tests need it. Install it with:\n\n  ${installCommand}\n`);
    process.exit(1);
  }
  console.log(`[test] Chromium is missing: installing Debian's ${packages.join(" and ")}`);
  if (!run("apt-get", ["update", "-qq"]) || !run("apt-get", ["install", "-y", "-qq", "--no-install-recommends", ...packages]) || !existsSync(chromium)) {
    console.error(`[test] Could not install Chromium. Install it with:\n\n  ${installCommand}\n`);
    process.exit(1);
  }
}
