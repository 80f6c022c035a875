// Settings the server modules validate at import (server/env.ts); tests never read a developer's .env.
process.env.NEXTAUTH_SECRET ??= "vitest-session-secret-not-for-production";
process.env.SUPPLIER_LOG ??= "silent";
// Orderspace's 60 a minute would make every integration test wait minutes; its own pacing is tested at the documented rate.
process.env.ORDERSPACE_REQUESTS_PER_MINUTE ??= "6000";
process.env.ORDERSPACE_WAIT_AFTER_429_MS ??= "500";
