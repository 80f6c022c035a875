// Settings the server modules validate at import (server/env.ts); tests never read a developer's .env.
process.env.NEXTAUTH_SECRET ??= "vitest-session-secret-not-for-production";
// A keyring of the tests' own (32 bytes of 0x11): stored secrets in tests never touch a developer's .keys/.
process.env.PORTAL_ENCRYPTION_KEY ??= `vitest:${Buffer.alloc(32, 0x11).toString("base64")}`;
process.env.SUPPLIER_LOG ??= "silent";
// Orderspace's 60 a minute would make every integration test wait minutes; its own pacing is tested at the documented rate.
process.env.ORDERSPACE_REQUESTS_PER_MINUTE ??= "6000";
process.env.ORDERSPACE_WAIT_AFTER_429_MS ??= "500";
