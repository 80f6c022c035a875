/** The longest reason a receipt takes (a rejection, keeping extra, a reversal); the form counts down to it. */
export const RECEIPT_REASON_MAX_LENGTH = 500;
/** The longest delivery note number a receipt takes. */
export const DELIVERY_NOTE_MAX_LENGTH = 100;
/** The longest reason or note a decision on a three-way mismatch takes. */
export const MATCH_NOTE_MAX_LENGTH = 1000;
