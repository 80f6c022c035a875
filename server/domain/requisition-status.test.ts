import { describe, expect, it } from "vitest";
import { statusFollowingOrders, type OrderStanding } from "./requisition-status";

const placed = (supplierStatus: string): OrderStanding => ({ state: "placed", supplierStatus });
const cancelled = placed("cancelled");

describe("a requisition's status once its supplier orders move on", () => {
  it("is cancelled when every order ended and at least one was cancelled", () => {
    expect(statusFollowingOrders("approved", [cancelled])).toBe("cancelled");
    expect(statusFollowingOrders("approved", [cancelled, { state: "not_sent", supplierStatus: null }])).toBe("cancelled");
    expect(statusFollowingOrders("approved", [cancelled, { state: "failed", supplierStatus: null }])).toBe("cancelled");
  });

  it("stays approved while any order is still live", () => {
    expect(statusFollowingOrders("approved", [cancelled, placed("shipped")])).toBe("approved");
    expect(statusFollowingOrders("approved", [cancelled, { state: "queued", supplierStatus: null }])).toBe("approved");
    expect(statusFollowingOrders("approved", [placed("delivered")])).toBe("approved");
  });

  it("leaves a requisition that was never approved as it is", () => {
    for (const status of ["pending_approval", "rejected", "withdrawn", "returned"] as const) {
      expect(statusFollowingOrders(status, [cancelled])).toBe(status);
    }
  });

  it("does not call a requisition cancelled when nothing was cancelled, only refused", () => {
    expect(statusFollowingOrders("approved", [{ state: "failed", supplierStatus: null }])).toBe("approved");
  });
});
