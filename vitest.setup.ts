// Settings the server modules validate at import (server/env.ts); tests never read a developer's .env.
process.env.NEXTAUTH_SECRET ??= "vitest-session-secret-not-for-production";
process.env.SUPPLIER_LOG ??= "silent";
