/**
 * An amount of money: an integer count of minor units (cents) and an ISO 4217 currency code. The shape is shared
 * vocabulary (stored in approval rules, shown by pages); the arithmetic that keeps it whole lives in
 * server/domain/money.ts.
 */
export interface Money {
  amount: number;
  currency: string;
}
