import { describe, expect, it } from "vitest";
import { statusFollowingOrders, type OrderStanding } from "./requisition-status";

const placed = (supplierStatus: string): OrderStanding => ({ state: "placed", supplierStatus });
const queued: OrderStanding = { state: "queued", supplierStatus: null };
const cancelled = placed("cancelled");

describe("a requisition's status follows its supplier orders once approved", () => {
  it("goes from approved through ordered, shipped and delivered", () => {
    expect(statusFollowingOrders("approved", [queued, queued])).toBe("approved");
    expect(statusFollowingOrders("approved", [placed("approved"), queued])).toBe("partly_ordered");
    expect(statusFollowingOrders("partly_ordered", [placed("approved"), placed("awaiting_confirmation")])).toBe("ordered");
    expect(statusFollowingOrders("ordered", [placed("shipped"), placed("in_production")])).toBe("partly_shipped");
    expect(statusFollowingOrders("partly_shipped", [placed("shipped"), placed("delivered")])).toBe("shipped");
    expect(statusFollowingOrders("shipped", [placed("delivered"), placed("delivered")])).toBe("delivered");
    // A supplier that ships an order in parts (Orderspace's dispatches) makes it partly shipped.
    expect(statusFollowingOrders("ordered", [placed("partly_shipped")])).toBe("partly_shipped");
  });

  it("is cancelled when every order ended and at least one was cancelled", () => {
    expect(statusFollowingOrders("ordered", [cancelled])).toBe("cancelled");
    expect(statusFollowingOrders("ordered", [cancelled, { state: "not_sent", supplierStatus: null }])).toBe("cancelled");
    expect(statusFollowingOrders("partly_ordered", [cancelled, { state: "failed", supplierStatus: null }])).toBe("cancelled");
  });

  it("is declined when a supplier's own approval declined what was left, and a declined order holds no other back", () => {
    const declined: OrderStanding = { state: "placed", supplierStatus: "declined" };
    expect(statusFollowingOrders("ordered", [declined])).toBe("declined");
    expect(statusFollowingOrders("ordered", [declined, cancelled])).toBe("declined");
    expect(statusFollowingOrders("ordered", [declined, placed("shipped")])).toBe("shipped");
  });

  it("is not ordered when every supplier refused it, and ordered when another took its part", () => {
    const refused: OrderStanding = { state: "failed", supplierStatus: null };
    expect(statusFollowingOrders("approved", [refused])).toBe("not_ordered");
    expect(statusFollowingOrders("approved", [refused, placed("approved")])).toBe("ordered");
  });

  it("lets ended orders not hold the others back", () => {
    expect(statusFollowingOrders("ordered", [cancelled, placed("delivered")])).toBe("delivered");
    expect(statusFollowingOrders("ordered", [{ state: "failed", supplierStatus: null }, placed("approved")])).toBe("ordered");
  });

  it("leaves a requisition that was never approved as it is", () => {
    for (const status of ["pending_approval", "rejected", "withdrawn", "returned"] as const) {
      expect(statusFollowingOrders(status, [cancelled])).toBe(status);
    }
  });

  it("does not call a requisition cancelled when nothing was cancelled, only refused", () => {
    expect(statusFollowingOrders("approved", [{ state: "failed", supplierStatus: null }])).not.toBe("cancelled");
  });
});

describe("a requisition is received when the buyer's receipts cover every live order", () => {
  const received = (supplierStatus: string): OrderStanding => ({ state: "placed", supplierStatus, fullyReceived: true });

  it("is received only when every live order is fully received, whatever the supplier last said", () => {
    expect(statusFollowingOrders("delivered", [received("delivered"), received("shipped")])).toBe("received");
    // A supplier that never says delivered (Orderspace ends at fulfilled, read as shipped) still ends at received.
    expect(statusFollowingOrders("shipped", [received("shipped")])).toBe("received");
    expect(statusFollowingOrders("shipped", [received("delivered"), placed("shipped")])).toBe("shipped");
    // An order received before the supplier says shipped counts as delivered for the others.
    expect(statusFollowingOrders("ordered", [received("approved"), placed("delivered")])).toBe("delivered");
  });

  it("ignores orders that ended, and falls back when a reversal takes the receipt back", () => {
    expect(statusFollowingOrders("delivered", [received("delivered"), cancelled])).toBe("received");
    expect(statusFollowingOrders("received", [placed("delivered")])).toBe("delivered");
  });
});
