"use client";

import { Card, formatDateTime } from "@/app/_components/ui";
import type { RouterOutputs } from "@/app/_lib/trpc";

type Entry = RouterOutputs["requisitions"]["get"]["history"][number];

/** Each entry a sentence (worded on the server, server/domain/requisition-history.ts), with its one detail and when. */
export function RequisitionHistory({ history }: { history: Entry[] }) {
  return (
    <Card>
      <h2 className="font-medium">History</h2>
      <ol className="mt-2 space-y-2 text-sm" data-testid="requisition-history">
        {history.map((h, i) => (
          <li key={i}>
            <p>{h.sentence}</p>
            {h.detail ? <p className="text-slate-700">{h.detail}</p> : null}
            <p className="text-xs text-slate-500">{formatDateTime(h.at)}</p>
          </li>
        ))}
      </ol>
    </Card>
  );
}
