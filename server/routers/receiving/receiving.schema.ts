import { z } from "zod";
import { DELIVERY_NOTE_MAX_LENGTH, RECEIPT_REASON_MAX_LENGTH } from "@/common/receiving";
import { MAX_LINE_QUANTITY } from "@/server/domain/quantities";
import { calendarDay } from "../fields";

const count = (label: string) =>
  z
    .number({ message: `${label} must be a whole number in digits, like 12` })
    .int(`${label} must be a whole number`)
    .min(0, `${label} cannot be negative`)
    .max(MAX_LINE_QUANTITY, `${label} can be at most ${MAX_LINE_QUANTITY.toLocaleString("en-US")}`);

const reason = (label: string) =>
  z
    .string()
    .trim()
    .max(RECEIPT_REASON_MAX_LENGTH, `${label} can be at most ${RECEIPT_REASON_MAX_LENGTH} characters`)
    .transform((v) => v || null)
    .nullable()
    .optional()
    .transform((v) => v ?? null);

export const supplierOrderIdInput = z.object({ supplierOrderId: z.uuid({ message: "That order id is not valid" }) });
export const requisitionIdInput = z.object({ requisitionId: z.uuid({ message: "That requisition id is not valid" }) });

export const recordReceiptInput = supplierOrderIdInput.extend({
  receivedOn: calendarDay("Date received"),
  deliveryNoteNumber: z
    .string()
    .trim()
    .max(DELIVERY_NOTE_MAX_LENGTH, `Delivery note number can be at most ${DELIVERY_NOTE_MAX_LENGTH} characters`)
    .optional()
    .transform((v) => v || null),
  everything: z.boolean().optional(),
  lines: z
    .array(
      z.object({
        lineId: z.uuid({ message: "That line id is not valid" }),
        quantityReceived: count("Quantity received"),
        quantityRejected: count("Quantity rejected").default(0),
        rejectionReason: reason("Reason for rejecting"),
        overReceiptReason: reason("Reason for keeping more than ordered"),
      }),
    )
    .max(500)
    .optional(),
});

export const reverseReceiptInput = z.object({
  receiptId: z.uuid({ message: "That receipt id is not valid" }),
  reason: z
    .string()
    .trim()
    .min(3, "Say why this receipt is reversed (at least 3 characters)")
    .max(RECEIPT_REASON_MAX_LENGTH, `Reason can be at most ${RECEIPT_REASON_MAX_LENGTH} characters`),
});

export const addReceiverInput = z.object({
  connectionId: z.uuid({ message: "Choose a supplier" }),
  addressId: z.string().trim().min(1, "Choose a ship-to address").max(100, "Choose a ship-to address"),
  userId: z.uuid({ message: "Choose a person" }),
});

export const receiverIdInput = z.object({ receiverId: z.uuid({ message: "That receiver id is not valid" }) });
