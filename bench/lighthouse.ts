/**
 * Lighthouse's mobile audit (its defaults: a mid-range phone, simulated slow 4G and 4× CPU slowdown) of the pages a buyer
 * uses on a phone, signed in, against the production server. Debian's Chromium, headless. Scores only, never asserted.
 *
 * One run on a 2-core machine swings by 10 points or more, so each page is audited LIGHTHOUSE_RUNS times (3 by default)
 * and the median run is reported, chosen as Lighthouse itself chooses it (closest to the median FCP and interactive
 * time), with the spread of the performance scores beside it.
 */
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";
import { computeMedianRun } from "lighthouse/core/lib/median-run.js";
import type { Result } from "lighthouse";
import type { Benchmark } from "./suites";
import { hasProductionBuild, startProductionPortal } from "./production-portal";

const PAGES = [
  { name: "home", path: "/" },
  { name: "catalog", path: "/catalog" },
  { name: "order history", path: "/requisitions" },
  // The reorder landing: checkout with a line already in the cart.
  { name: "reorder (checkout with a line)", path: "/checkout" },
] as const;

const chromePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const RUNS = Math.max(1, Number(process.env.LIGHTHOUSE_RUNS ?? 3));
const median = computeMedianRun as unknown as (runs: Result[]) => Result;

export const lighthouseBench: Benchmark = {
  name: "Lighthouse mobile (production build, signed in)",
  run: async () => {
    if (!hasProductionBuild()) return { skipped: "no production build in .next: run `npx next build` first" };
    const portal = await startProductionPortal();
    const chrome = await chromeLauncher.launch({
      chromePath,
      chromeFlags: [
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    });
    try {
      const figures: Record<string, number | string> = {};
      for (const page of PAGES) {
        // One warm-up load so the server's first render of the route (and its data caches) is not what is scored.
        await fetch(`${portal.baseUrl}${page.path}`, { headers: { cookie: portal.cookie } });
        const runs: Result[] = [];
        for (let run = 0; run < RUNS; run++) {
          const result = await lighthouse(`${portal.baseUrl}${page.path}`, {
            port: chrome.port,
            output: "json",
            logLevel: "error",
            onlyCategories: ["performance", "accessibility"],
            extraHeaders: { Cookie: portal.cookie },
          });
          const lhr = result?.lhr;
          if (!lhr) throw new Error(`no Lighthouse result for ${page.path}`);
          if (lhr.runtimeError) throw new Error(`${page.path}: ${lhr.runtimeError.message}`);
          runs.push(lhr);
        }
        const lhr = runs.length > 1 ? median(runs) : runs[0]!;
        const score = (id: string, of: Result = lhr) => Math.round((of.categories[id]?.score ?? 0) * 100);
        const ms = (id: string) => Math.round(lhr.audits[id]?.numericValue ?? NaN);
        figures[`${page.name} performance`] = score("performance");
        if (runs.length > 1) {
          const scores = runs.map((r) => score("performance", r)).sort((a, b) => a - b);
          figures[`${page.name} performance, ${runs.length} runs`] = `${scores.join(", ")} (median run shown)`;
        }
        figures[`${page.name} accessibility`] = score("accessibility");
        figures[`${page.name} FCP / LCP / TBT ms, CLS`] =
          `${ms("first-contentful-paint")} / ${ms("largest-contentful-paint")} / ${ms("total-blocking-time")}, ${(lhr.audits["cumulative-layout-shift"]?.numericValue ?? NaN).toFixed(3)}`;
        const failing = Object.values(lhr.categories.accessibility?.auditRefs ?? [])
          .filter((ref) => ref.weight > 0 && (lhr.audits[ref.id]?.score ?? 1) < 1)
          .map((ref) => ref.id);
        if (failing.length) figures[`${page.name} accessibility audits failing`] = failing.join(", ");
        if (lhr.finalDisplayedUrl !== `${portal.baseUrl}${page.path}`) figures[`${page.name} ended at`] = lhr.finalDisplayedUrl;
      }
      return figures;
    } finally {
      chrome.kill();
      await portal.close();
    }
  },
};
