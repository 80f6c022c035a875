import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ConfirmWithReason, type ConfirmWithReasonProps } from "./confirm-with-reason";

const base: ConfirmWithReasonProps = {
  opener: "Reject…",
  label: "Reason for rejecting REQ-7 (the requester sees this)",
  required: true,
  minLength: 3,
  maxLength: 1000,
  confirmLabel: "Reject REQ-7",
  keepLabel: "Cancel",
  onConfirm: () => {},
  pending: false,
  error: null,
};

const render = (props: Partial<ConfirmWithReasonProps>) => renderToStaticMarkup(createElement(ConfirmWithReason, { ...base, ...props }));

describe("ConfirmWithReason", () => {
  it("is only its opening button until opened, laid out by the caller when asked", () => {
    expect(render({})).toMatch(/^<button type="button"[^>]*>Reject…<\/button>$/);
    const html = render({ children: (opener) => createElement("div", { "data-testid": "row" }, createElement("span", null, "Approve"), opener) });
    expect(html).toMatch(/^<div data-testid="row"><span>Approve<\/span><button [^>]*>Reject…<\/button><\/div>$/);
  });

  it("shows the label, the limits and the two buttons when open", () => {
    const html = render({ open: true });
    expect(html).toContain(">Reason for rejecting REQ-7 (the requester sees this)</label>");
    expect(html).toContain("At least 3 and at most 1,000 characters.");
    // Counted down, never cut: the browser is not told to stop at the limit (pasted text would be cut silently).
    expect(html).toMatch(/<textarea [^>]*required=""/);
    expect(html).not.toMatch(/maxLength/i);
    expect(html).toContain("1,000 of 1,000 characters left");
    expect(html).toMatch(/<button type="submit"[^>]*>Reject REQ-7<\/button>/);
    expect(html).toMatch(/<button type="button"[^>]*>Cancel<\/button>/);
    expect(html).not.toContain('role="alert"');
  });

  it("says only the maximum for an optional reason", () => {
    const html = render({ open: true, required: false, minLength: undefined, maxLength: 300 });
    expect(html).toContain("At most 300 characters.");
    expect(html).not.toContain("required");
  });

  it("puts the server's error about the reason beside the field", () => {
    const html = render({ open: true, error: { message: "Give the requester a reason", data: { field: "reason" } }, errorTestId: "reason-error" });
    const describedBy = /<textarea [^>]*aria-describedby="([^"]+)"/.exec(html)?.[1];
    expect(html).toMatch(/<textarea [^>]*aria-invalid="true"/);
    const errorId = /<p id="([^"]+)" class="[^"]*text-red-700" data-testid="reason-error">Give the requester a reason<\/p>/.exec(html)?.[1];
    expect(errorId).toBeDefined();
    expect(describedBy?.split(" ")).toContain(errorId);
    expect(html).not.toContain('role="alert"');
  });

  it("puts any other error in an alert, and disables confirming while pending", () => {
    const html = render({ open: true, pending: true, pendingLabel: "Rejecting…", error: { message: "REQ-7 was already decided", data: null } });
    expect(html).toMatch(/<div role="alert"[^>]*>.*REQ-7 was already decided/);
    expect(html).toMatch(/<textarea [^>]*aria-invalid="false"/);
    expect(html).toMatch(/<button type="submit"[^>]*disabled=""[^>]*>Rejecting…<\/button>/);
  });
});
