import { accountRow, merchantRow, orderRow, sessionRow } from '../contract.ts';

/** The header row of every generated CSV file: the data contract's columns, in its order. */
export const CSV_COLUMNS = {
  accounts: Object.keys(accountRow.shape),
  merchants: Object.keys(merchantRow.shape),
  orders: Object.keys(orderRow.shape),
  sessions: Object.keys(sessionRow.shape),
} as const satisfies Record<string, readonly string[]>;

export type CsvFile = keyof typeof CSV_COLUMNS;
