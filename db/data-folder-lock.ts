import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import path from "node:path";

/**
 * PGlite allows one process per data folder: a second one opening it corrupts it. The process that opens a folder
 * (the portal, or a command such as the key rotation) claims it first with a `portal.pid` file inside; a claim whose
 * process is gone (killed, crashed) is taken over.
 */
export class DataFolderInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `The PGlite data folder ${dataDir} is in use by process ${pid} (the portal, or another command); PGlite allows one process per data folder. Stop that process first.`,
    );
  }
}

const LOCK_FILE = "portal.pid";

/** Claims the folder for this process; the returned function gives it back. Throws DataFolderInUseError when taken. */
export function claimDataFolder(dataDir: string): () => void {
  const folder = path.resolve(/*turbopackIgnore: true*/ dataDir);
  mkdirSync(folder, { recursive: true });
  const file = path.join(folder, LOCK_FILE);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(file, "wx", 0o600);
      try {
        writeSync(fd, String(process.pid));
      } finally {
        closeSync(fd);
      }
      const release = () => {
        if (holderOf(file) === process.pid) rmSync(file, { force: true });
        process.off("exit", release);
      };
      process.on("exit", release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const holder = holderOf(file);
    if (holder !== null && holder !== process.pid && isAlive(holder)) throw new DataFolderInUseError(dataDir, holder);
    // Ours from before, or its process is gone: take it over.
    rmSync(file, { force: true });
  }
  throw new Error(`Could not claim the PGlite data folder ${dataDir}`);
}

function holderOf(file: string): number | null {
  try {
    const pid = Number(readFileSync(file, "utf8").trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, under another user.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
