// Imported first by bench/run.ts: server modules validate settings when they load.
process.env.NEXTAUTH_SECRET ??= "bench-session-secret-not-for-production";
process.env.SUPPLIER_LOG ??= "silent";
