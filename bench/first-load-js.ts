/**
 * First-load JavaScript per route, as a phone on its first visit downloads it: the page is fetched signed in from a running
 * production server, every `<script src>` under /_next/ in its HTML is fetched, and each is gzipped (level 9, as a CDN would
 * serve it) and summed; `nomodule` polyfills, which current browsers skip, are left out. Chunks a page loads later on its own (next/dynamic, prefetches of other routes) are not counted;
 * the inline RSC payload is HTML, counted apart.
 */
import { gzipSync } from "node:zlib";
import type { Benchmark } from "./suites";
import { hasProductionBuild, startProductionPortal } from "./production-portal";

/** The routes the issue budgets at 150 kB; the reorder landing is the checkout with the reordered lines in the cart. */
export const FIRST_LOAD_ROUTES = [
  { name: "home", path: "/" },
  { name: "catalog", path: "/catalog" },
  { name: "order history", path: "/requisitions" },
  { name: "checkout / reorder landing", path: "/checkout" },
] as const;

const kB = (bytes: number) => Math.round(bytes / 102.4) / 10;

export async function firstLoadJs(baseUrl: string, cookie: string, path: string) {
  const response = await fetch(`${baseUrl}${path}`, { headers: { cookie }, redirect: "manual" });
  if (response.status !== 200) throw new Error(`${path}: ${response.status} (signed out?)`);
  const html = await response.text();
  // A phone's browser skips `nomodule` scripts (the legacy polyfills), so they are not counted.
  const tags = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]).filter((tag) => !/\snomodule\b/i.test(tag));
  const sources = [
    ...new Set(tags.map((tag) => /\ssrc="([^"]+)"/.exec(tag)?.[1]?.replaceAll("&amp;", "&")).filter((src): src is string => !!src?.startsWith("/_next/"))),
  ];
  let gzipped = 0;
  let raw = 0;
  for (const src of sources) {
    const body = Buffer.from(await (await fetch(`${baseUrl}${src}`)).arrayBuffer());
    raw += body.length;
    gzipped += gzipSync(body, { level: 9 }).length;
  }
  return { chunks: sources.length, gzipped, raw, htmlGzipped: gzipSync(Buffer.from(html), { level: 9 }).length };
}

export const firstLoadJsBench: Benchmark = {
  name: "first-load JS per route (production build, gzipped)",
  run: async () => {
    if (!hasProductionBuild()) return { skipped: "no production build in .next: run `npx next build` first" };
    const portal = await startProductionPortal();
    try {
      const figures: Record<string, number | string> = {};
      for (const route of FIRST_LOAD_ROUTES) {
        const js = await firstLoadJs(portal.baseUrl, portal.cookie, route.path);
        figures[`${route.name} ${route.path} kB gz`] = kB(js.gzipped);
        figures[`${route.name} chunks / raw kB / HTML kB gz`] = `${js.chunks} / ${kB(js.raw)} / ${kB(js.htmlGzipped)}`;
      }
      return figures;
    } finally {
      await portal.close();
    }
  },
};
