/*
 * The Buyer Portal's service worker: an offline page instead of the browser's error, and the home page and order
 * history a person last viewed kept readable offline (and shown when the network hangs, not only when it fails). Registered by production builds only (app/_components/service-worker.tsx).
 *
 * Caches:
 * - shell: the offline page and the build files it needs, fetched at install. The same for everyone.
 * - static: build files (/_next/static, content-hashed, so never stale) seen since, kept to STATIC_LIMIT entries.
 * - user: home and order history pages and their data for the person signed in. Emptied when anyone signs in or out on this
 *   device, and when the server shows the sign-in page (the session is gone), so the next person never sees them.
 *
 * Bump VERSION when this file's caching changes: the new worker deletes the old version's caches.
 */

const VERSION = "v2";
const SHELL_CACHE = `portal-shell-${VERSION}`;
const STATIC_CACHE = `portal-static-${VERSION}`;
const USER_CACHE = `portal-user-${VERSION}`;
const OFFLINE_URL = "/offline";
const STATIC_LIMIT = 300;

/** Home (what an installed app opens first) and the order history: the list (filters in the query string) and one requisition. */
const SAVED_PAGE = /^\/$|^\/requisitions(\/[0-9a-f-]{36})?\/?$/;
/**
 * How long a page or saved query waits for the network before the saved copy is shown instead: a phone on a train has a
 * connection that answers nothing rather than failing. Without a saved copy it keeps waiting; the answer, when it comes,
 * still refreshes the copy.
 */
const NETWORK_PATIENCE_MS = 5_000;
/** tRPC queries the order history pages make in the browser (the requisition page loads its data client-side; the nav asks for me.get). */
const SAVED_PROCEDURES = new Set(["requisitions.get", "requisitions.list", "me.get"]);

/** Bumped on every clear, so a save that started before a sign-out does not write after it. */
let userEpoch = 0;
/** Pages saved moments ago: a full page load saves the page as it passes and then also reports it as viewed. */
const recentlySaved = new Map();
let shellRefreshed = false;
/** Documents just answered with a saved copy (client id → when it was saved), told so once their page reports in. */
const servedSaved = new Map();

self.addEventListener("install", (event) => {
  event.waitUntil(
    refreshShell().then(() => {
      shellRefreshed = true;
      return self.skipWaiting();
    }),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      const current = new Set([SHELL_CACHE, STATIC_CACHE, USER_CACHE]);
      for (const name of await caches.keys()) {
        if (name.startsWith("portal-") && !current.has(name)) await caches.delete(name);
      }
      // Lets navigations start while the worker boots, so pages are not slower for having one.
      if (self.registration.navigationPreload) await self.registration.navigationPreload.enable();
      await self.clients.claim();
    })(),
  );
});

self.addEventListener("message", (event) => {
  const data = event.data;
  if (!data || typeof data !== "object") return;
  if (data.type === "page-viewed" && typeof data.url === "string") {
    // navigator.onLine cannot tell a saved copy from a fresh page (it stays true when only the server is unreachable).
    const source = event.source;
    if (source && servedSaved.has(source.id)) {
      source.postMessage({ type: "saved-copy", savedAt: servedSaved.get(source.id) });
      servedSaved.delete(source.id);
    }
    event.waitUntil(pageViewed(data.url));
  }
  if (data.type === "clear-user-data") event.waitUntil(clearUserData());
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);

  // Checked before the origin: next-auth posts to its absolute NEXTAUTH_URL, which may name the host differently.
  if (url.pathname.startsWith("/api/auth/")) {
    if (request.method === "POST" && (url.pathname.startsWith("/api/auth/signout") || url.pathname.startsWith("/api/auth/callback/"))) {
      event.waitUntil(clearUserData());
    }
    return; // never answered from a cache
  }
  if (url.origin !== self.location.origin || request.method !== "GET") return;

  if (request.mode === "navigate") {
    event.respondWith(navigate(event, url));
    return;
  }
  if (url.pathname.startsWith("/_next/static/")) {
    event.respondWith(cacheFirst(event));
    return;
  }
  if (url.pathname.startsWith("/api/trpc/")) {
    const procedures = decodeURIComponent(url.pathname.slice("/api/trpc/".length)).split(",");
    if (procedures.some((p) => SAVED_PROCEDURES.has(p))) event.respondWith(trpcQuery(event, url, procedures));
  }
  // Everything else (client-side navigation payloads among them) goes to the network as if there were no worker.
  // When that fails, Next.js falls back to a full navigation, which comes back here as a navigate request.
});

/**
 * Network first, with patience: a saved page that waited NETWORK_PATIENCE_MS gets its saved copy. Offline: the copy saved
 * when this page was last viewed, else the offline page.
 */
async function navigate(event, url) {
  const epoch = userEpoch;
  const network = (async () => {
    const response = (await event.preloadResponse) || (await fetch(event.request));
    if (url.pathname === "/login" && response.status === 200) {
      // The server shows the sign-in page only to someone without a session: whoever saved pages here has left.
      await clearUserData();
    } else if (SAVED_PAGE.test(url.pathname) && isWholePage(response)) {
      await savePage(pageKey(url), response.clone(), epoch);
    }
    return response;
  })();
  // Whatever is shown, the network's answer still lands (and refreshes the saved copy) when it comes.
  event.waitUntil(network.catch(() => {}));
  const savedCopy = async () => {
    const saved = await (await caches.open(USER_CACHE)).match(pageKey(url), { ignoreVary: true });
    if (saved && event.resultingClientId) servedSaved.set(event.resultingClientId, saved.headers.get("x-portal-saved-at"));
    return saved;
  };
  const outcome = await Promise.race([
    network.then(
      (response) => ({ response }),
      () => ({ failed: true }),
    ),
    patience(),
  ]);
  if (outcome.response) return outcome.response;
  if (outcome.failed) return (await savedCopy()) || offlinePage();
  // The network is hanging: the saved copy if there is one, else keep waiting for it.
  return (await savedCopy()) || network.catch(() => offlinePage());
}

/** Resolves with `{ waited: true }` once the network has had its chance. */
function patience() {
  return new Promise((resolve) => setTimeout(() => resolve({ waited: true }), NETWORK_PATIENCE_MS));
}

async function offlinePage() {
  const page = await (await caches.open(SHELL_CACHE)).match(OFFLINE_URL, { ignoreVary: true });
  if (page) return page;
  // The precached copy can be evicted under storage pressure; even then, no browser error page.
  return new Response(
    '<!doctype html><html lang="en"><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>Offline · Buyer Portal</title>' +
      '<body style="font-family:system-ui,sans-serif;margin:2rem;color:#0f172a"><h1>You are offline</h1><p>The Buyer Portal cannot be reached from this device right now.</p>' +
      '<p><a href="/requisitions" style="color:#1a4fb3">Your orders, as last viewed</a></p><button type="button" onclick="location.reload()" style="min-height:44px;padding:0 16px">Try again</button></body></html>',
    { status: 503, headers: { "content-type": "text/html; charset=utf-8" } },
  );
}

/** The client reports each page it shows, including client-side navigations, which fetch no HTML to save. */
async function pageViewed(href) {
  if (!shellRefreshed) {
    shellRefreshed = true;
    // The worker's file does not change with each deploy, so install alone would keep the first build's offline page.
    refreshShell().catch(() => {});
  }
  const url = new URL(href, self.location.origin);
  if (url.origin !== self.location.origin || !SAVED_PAGE.test(url.pathname)) return;
  const key = pageKey(url);
  const savedAt = recentlySaved.get(key);
  if (savedAt && Date.now() - savedAt < 30_000) return;
  const epoch = userEpoch;
  try {
    const response = await fetch(key, { credentials: "same-origin", headers: { accept: "text/html" } });
    if (isWholePage(response)) await savePage(key, response, epoch);
  } catch {
    // Offline: the copy saved earlier stays.
  }
}

async function savePage(key, response, epoch) {
  const html = await response.clone().text();
  if (epoch !== userEpoch) return;
  recentlySaved.set(key, Date.now());
  const headers = new Headers(response.headers);
  headers.set("x-portal-saved-at", new Date().toISOString());
  await (await caches.open(USER_CACHE)).put(key, new Response(html, { status: response.status, statusText: response.statusText, headers }));
  await saveAssets(html, STATIC_CACHE);
  await trimStatic();
}

/** A real page: not a redirect (to /login when the session has gone), not an error. */
function isWholePage(response) {
  return response.status === 200 && response.type === "basic" && !response.redirected;
}

function pageKey(url) {
  return url.pathname + url.search;
}

async function refreshShell() {
  const response = await fetch(OFFLINE_URL, { cache: "no-store" });
  if (!isWholePage(response)) throw new Error(`offline page answered ${response.status}`);
  const html = await response.clone().text();
  const cache = await caches.open(SHELL_CACHE);
  await cache.put(OFFLINE_URL, response);
  const assets = await saveAssets(html, SHELL_CACHE);
  // Drop an earlier build's files: the shell holds exactly what the current offline page needs.
  const keep = new Set([OFFLINE_URL, ...assets].map((u) => new URL(u, self.location.origin).href));
  for (const request of await cache.keys()) {
    if (!keep.has(request.url)) await cache.delete(request);
  }
}

/** Saves the build files a page's HTML names (scripts, styles), so the saved page renders and hydrates offline. */
async function saveAssets(html, cacheName) {
  const urls = [...new Set(html.match(/\/_next\/static\/[^"'\s\\<>()&]+/g) || [])];
  const cache = await caches.open(cacheName);
  await Promise.all(
    urls.map(async (url) => {
      if (await cache.match(url)) return;
      const elsewhere = await caches.match(url);
      if (elsewhere) return cache.put(url, elsewhere);
      try {
        const response = await fetch(url);
        if (response.ok) await cache.put(url, response);
      } catch {
        // Missing one file only matters offline; the next view tries again.
      }
    }),
  );
  return urls;
}

/** Build files are named by their content, so a saved copy is always right. */
async function cacheFirst(event) {
  const saved = await caches.match(event.request, { ignoreVary: true });
  if (saved) return saved;
  const response = await fetch(event.request);
  if (response.ok && response.type === "basic") {
    const copy = response.clone();
    event.waitUntil(
      caches
        .open(STATIC_CACHE)
        .then((cache) => cache.put(event.request, copy))
        .then(trimStatic),
    );
  }
  return response;
}

async function trimStatic() {
  const cache = await caches.open(STATIC_CACHE);
  const keys = await cache.keys();
  for (const request of keys.slice(0, Math.max(0, keys.length - STATIC_LIMIT))) await cache.delete(request);
}

/**
 * Network first for the saved queries. A batch is saved one query at a time, because the same query is batched with
 * different neighbours depending on how the page was reached; offline, the batch is answered from those parts.
 */
async function trpcQuery(event, url, procedures) {
  const batched = url.searchParams.get("batch") === "1";
  const inputs = readInputs(url, batched, procedures.length);
  const epoch = userEpoch;
  const network = fetch(event.request).then((response) => {
    if (response.status === 200 || response.status === 207) {
      event.waitUntil(saveQueries(response.clone(), procedures, inputs, batched, epoch).catch(() => {}));
    }
    return response;
  });
  event.waitUntil(network.catch(() => {}));
  const outcome = await Promise.race([
    network.then(
      (response) => ({ response }),
      () => ({ failed: true }),
    ),
    patience(),
  ]);
  if (outcome.response) return outcome.response;
  // Failed, or hanging past our patience: the saved parts if there are any; else fail as the network did, or wait for it.
  return (await savedQueries(procedures, inputs, batched)) || network;
}

async function savedQueries(procedures, inputs, batched) {
  const cache = await caches.open(USER_CACHE);
  const parts = await Promise.all(
    procedures.map(async (procedure, i) => {
      if (!SAVED_PROCEDURES.has(procedure)) return null;
      const saved = await cache.match(queryKey(procedure, inputs[i]));
      return saved ? saved.json() : null;
    }),
  );
  if (!parts.some(Boolean)) return null;
  const body = procedures.map((procedure, i) => parts[i] || offlineError(procedure));
  const complete = parts.every(Boolean);
  return new Response(JSON.stringify(batched ? body : body[0]), {
    status: complete ? 200 : 207,
    headers: { "content-type": "application/json" },
  });
}

async function saveQueries(response, procedures, inputs, batched, epoch) {
  const json = await response.json();
  const items = batched ? json : [json];
  if (!Array.isArray(items) || epoch !== userEpoch) return;
  const cache = await caches.open(USER_CACHE);
  await Promise.all(
    procedures.map(async (procedure, i) => {
      const item = items[i];
      if (!SAVED_PROCEDURES.has(procedure) || !item || typeof item !== "object" || !("result" in item)) return;
      await cache.put(queryKey(procedure, inputs[i]), new Response(JSON.stringify(item), { headers: { "content-type": "application/json" } }));
    }),
  );
}

function readInputs(url, batched, count) {
  let parsed;
  try {
    parsed = JSON.parse(url.searchParams.get("input") || "null");
  } catch {
    parsed = null;
  }
  if (!batched) return [parsed];
  return Array.from({ length: count }, (_, i) => (parsed && typeof parsed === "object" ? parsed[String(i)] : undefined));
}

/** Not a URL the app ever requests, so a saved query part can only be reached through trpcQuery. */
function queryKey(procedure, input) {
  return `/__saved-query/${procedure}?input=${encodeURIComponent(JSON.stringify(input === undefined ? null : input))}`;
}

/** A tRPC error in the shape the server sends (superjson-wrapped), so the client reports it on that query alone. */
function offlineError(procedure) {
  return {
    error: {
      json: {
        message: "You are offline, and this was not saved on this device.",
        code: -32603,
        data: { code: "INTERNAL_SERVER_ERROR", httpStatus: 503, path: procedure },
      },
    },
  };
}

async function clearUserData() {
  userEpoch += 1;
  recentlySaved.clear();
  servedSaved.clear();
  await caches.delete(USER_CACHE);
}
