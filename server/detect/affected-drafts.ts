import { connectedSets } from './components.ts';
import type { StoredUnit } from './find-rings.ts';

/** What a run changed that ring drafting depends on. */
export type DraftChanges = {
  /** Ring-draft units scored again in this run. */
  units: Set<string>;
  /** Accounts of ring-draft units this run replaced (as they were before). */
  accounts: Set<string>;
  /** Shops whose BNPL volume (a ring score's denominator) may have changed. */
  merchants: Set<string>;
};

/**
 * The ring-draft units whose rings a run must draft and score again, and every account whose
 * rings may have changed: those units' accounts and the changed ones.
 *
 * Drafting merges ring-draft units only when they share buyers, so units linked by shared
 * accounts (transitively) are drafted together and apart from all others, and a ring's score
 * depends on its units' members and its shops' volumes alone. A linked set none of whose units,
 * accounts or shops changed yields the same rings as before, which stay stored as they are.
 */
export function affectedDrafts(
  units: StoredUnit[],
  changes: DraftChanges,
): { units: Set<string>; accounts: Set<string> } {
  const drafts = units.filter(
    (unit): unit is StoredUnit & { accounts: string[] } => unit.accounts !== null,
  );
  const byKey = new Map(drafts.map((unit) => [unit.key, unit]));
  const firstUnitOf = new Map<string, string>();
  const edges: [string, string][] = [];
  for (const unit of drafts) {
    for (const account of unit.accounts) {
      const first = firstUnitOf.get(account);
      if (first === undefined) firstUnitOf.set(account, unit.key);
      else edges.push([first, unit.key]);
    }
  }
  const affected = { units: new Set<string>(), accounts: new Set(changes.accounts) };
  for (const keys of connectedSets(byKey.keys(), edges)) {
    const linked = keys.map((key) => byKey.get(key) as StoredUnit & { accounts: string[] });
    const changed = linked.some(
      (unit) =>
        changes.units.has(unit.key) ||
        unit.accounts.some((account) => changes.accounts.has(account)) ||
        unit.merchants.some((merchant) => changes.merchants.has(merchant)),
    );
    if (!changed) continue;
    for (const unit of linked) {
      affected.units.add(unit.key);
      for (const account of unit.accounts) affected.accounts.add(account);
    }
  }
  return affected;
}
