import type { AlertRecord } from '../db/records.ts';
import type { Db } from '../db/run.ts';

/** A page of alerts, newest first, optionally of one rule, with the total count. */
export async function listAlerts(
  db: Db,
  { rule, offset, limit }: { rule: string | null; offset: number; limit: number },
): Promise<{ alerts: AlertRecord[]; total: number }> {
  const alerts = await db.read<AlertRecord>('alerts/list-alerts', { rule, offset, limit });
  const [count] = await db.read<{ total: number }>('alerts/count-alerts', { rule });
  return { alerts, total: count?.total ?? 0 };
}
