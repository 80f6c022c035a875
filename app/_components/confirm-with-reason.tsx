"use client";

import { useState, type ReactElement, type ReactNode } from "react";
import { errorElsewhere, errorFor, TextAreaField, type FieldErrorSource } from "@/app/_components/forms";
import { Alert, Button } from "@/app/_components/ui";
import { CharacterCountdown } from "./character-countdown";

/** Every procedure behind this form takes the text as `reason`: its errors go beside the field, any other in an Alert. */
const REASON_FIELD = "reason";

const characters = new Intl.NumberFormat("en-US");

/** The server's limits, said before the first try rather than learnt from a refusal. */
function lengthHint(minLength: number | undefined, maxLength: number): string {
  return minLength
    ? `At least ${characters.format(minLength)} and at most ${characters.format(maxLength)} characters.`
    : `At most ${characters.format(maxLength)} characters.`;
}

export interface ConfirmWithReasonProps {
  /** The text of the button that opens the form, e.g. "Reject…". */
  opener: ReactNode;
  /** Disables that button, e.g. while another decision on the same thing is on its way. */
  openerDisabled?: boolean;
  /** What shows while the form is closed, laid out around the opening button (e.g. an Approve button beside it); by default the button alone. */
  children?: (opener: ReactElement) => ReactNode;
  /** The reason's label, saying who reads it ("Reason for rejecting REQ-12 (the requester sees this)"). */
  label: string;
  required: boolean;
  /** The procedure's limits: shown under the field with a countdown; the server refuses past them and says so (nothing is cut). */
  minLength?: number;
  maxLength: number;
  confirmLabel: ReactNode;
  /** The confirm button's text while `pending`; by default `confirmLabel`. */
  pendingLabel?: ReactNode;
  keepLabel: ReactNode;
  /** The caller owns the mutation (React Query or `useProcedure`), so this component pulls neither into a page. */
  onConfirm: (reason: string) => void;
  pending: boolean;
  /** The caller's mutation error: one about `reason` is shown beside the field, any other in an Alert. */
  error: FieldErrorSource;
  /** Controlled when given, for a caller that hides other controls while the form is open; `onOpenChange` is told either way. */
  open?: boolean;
  onOpenChange?: (open: boolean) => void;
  /** The reason error line's data-testid, for specs that read it. */
  errorTestId?: string;
}

/**
 * A button that opens a small form asking why (reject, decline, withdraw, cancel), with confirm and keep buttons.
 * Keeping closes the form but not the typed reason, so opening it again does not start over.
 */
export function ConfirmWithReason({
  opener,
  openerDisabled,
  children,
  label,
  required,
  minLength,
  maxLength,
  confirmLabel,
  pendingLabel,
  keepLabel,
  onConfirm,
  pending,
  error,
  open: controlledOpen,
  onOpenChange,
  errorTestId,
}: ConfirmWithReasonProps) {
  const [uncontrolledOpen, setUncontrolledOpen] = useState(false);
  const [reason, setReason] = useState("");
  const open = controlledOpen ?? uncontrolledOpen;
  const setOpen = (next: boolean) => {
    setUncontrolledOpen(next);
    onOpenChange?.(next);
  };

  if (!open) {
    const openButton = (
      <Button type="button" variant="secondary" className="text-center" disabled={openerDisabled} onClick={() => setOpen(true)}>
        {opener}
      </Button>
    );
    return children ? children(openButton) : openButton;
  }

  const otherError = errorElsewhere(error, [REASON_FIELD]);
  return (
    <form
      noValidate
      className="space-y-2"
      onSubmit={(e) => {
        e.preventDefault();
        onConfirm(reason);
      }}
    >
      <TextAreaField
        label={label}
        hint={
          <>
            {lengthHint(minLength, maxLength)} <CharacterCountdown length={reason.length} limit={maxLength} />
          </>
        }
        error={errorFor(error, REASON_FIELD)}
        errorTestId={errorTestId}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        required={required}
        // The form opens on a tap that asked for it: the keyboard comes up ready to type.
        autoFocus
      />
      {/* Two columns on a phone, like the approval buttons: both in reach of a thumb, neither off screen. */}
      <div className="grid grid-cols-2 gap-2 sm:flex sm:flex-wrap">
        <Button type="submit" variant="danger" className="text-center" disabled={pending}>
          {pending && pendingLabel ? pendingLabel : confirmLabel}
        </Button>
        <Button type="button" variant="secondary" className="text-center" onClick={() => setOpen(false)}>
          {keepLabel}
        </Button>
      </div>
      {otherError ? <Alert>{otherError}</Alert> : null}
    </form>
  );
}
