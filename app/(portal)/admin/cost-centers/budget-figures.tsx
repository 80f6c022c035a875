import { Amount, Badge } from "@/app/_components/ui";
import type { RouterOutputs } from "@/app/_lib/trpc";

export type BudgetPosition = NonNullable<RouterOutputs["costCenters"]["list"]["costCenters"][number]["currentBudget"]>;

/** Reserved, committed and remaining as table cells; remaining carries the over-budget badge so it is never missed. */
export function PositionCells({ position }: { position: BudgetPosition | null }) {
  if (!position) {
    return (
      <>
        <td className="px-3 py-2 text-slate-500">—</td>
        <td className="px-3 py-2 text-slate-500">—</td>
        <td className="px-3 py-2 text-slate-500">—</td>
      </>
    );
  }
  return (
    <>
      <td className="px-3 py-2 text-right">
        <Amount value={position.reserved} />
      </td>
      <td className="px-3 py-2 text-right">
        <Amount value={position.committed} />
      </td>
      <td className="px-3 py-2 text-right">
        <div className="flex flex-col items-end gap-1">
          <Amount value={position.remaining} className={position.overBudget ? "font-medium text-red-700" : ""} />
          {position.overBudget ? <Badge tone="red">Over budget</Badge> : null}
        </div>
      </td>
    </>
  );
}

export const thClass = "px-3 py-2 text-left font-medium whitespace-nowrap";
export const thRightClass = "px-3 py-2 text-right font-medium whitespace-nowrap";
