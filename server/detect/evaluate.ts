import { jaccard } from './jaccard.ts';

/** Ground truth as the generator writes it (truth.json); only evaluation reads it. */
export type Truth = {
  rings: { ring_id: string; kind: string; accounts: string[]; merchants: string[] }[];
  lookalikes?: { kind: string; accounts: string[] }[];
};

export type PredictedRing = { id: string; accounts: string[]; merchants: string[] };

type Prf = {
  precision: number;
  recall: number;
  f1: number;
  truePositives: number;
  predicted: number;
  actual: number;
};

function prf(predicted: Set<string>, actual: Set<string>): Prf {
  let truePositives = 0;
  for (const id of predicted) if (actual.has(id)) truePositives += 1;
  const precision = predicted.size ? truePositives / predicted.size : 1;
  const recall = actual.size ? truePositives / actual.size : 1;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1, truePositives, predicted: predicted.size, actual: actual.size };
}

const round = (value: number) => Math.round(value * 1000) / 1000;

/**
 * Member-level precision/recall/F1 of the flagged rings (accounts and merchants separately),
 * ring recall (a true ring counts as recovered when a flagged ring has Jaccard ≥ 0.5 with its
 * members), ring precision (flagged rings whose members are mostly true ring members), per ring
 * kind, and false flags among the generator's look-alikes.
 */
export function evaluate(flagged: PredictedRing[], truth: Truth) {
  const trueAccounts = new Set(truth.rings.flatMap((ring) => ring.accounts));
  const trueMerchants = new Set(truth.rings.flatMap((ring) => ring.merchants));
  const flaggedAccounts = new Set(flagged.flatMap((ring) => ring.accounts));
  const flaggedMerchants = new Set(flagged.flatMap((ring) => ring.merchants));
  const memberSets = flagged.map((ring) => new Set([...ring.accounts, ...ring.merchants]));
  const recovered = (ring: Truth['rings'][number]) => {
    const members = new Set([...ring.accounts, ...ring.merchants]);
    return memberSets.some((set) => jaccard(set, members) >= 0.5);
  };
  const kinds = [...new Set(truth.rings.map((ring) => ring.kind))].sort();
  const perKind = Object.fromEntries(
    kinds.map((kind) => {
      const rings = truth.rings.filter((ring) => ring.kind === kind);
      const accounts = new Set(rings.flatMap((ring) => ring.accounts));
      const found = [...accounts].filter((id) => flaggedAccounts.has(id)).length;
      return [
        kind,
        {
          rings: rings.length,
          ringRecall: round(rings.filter(recovered).length / rings.length),
          accountRecall: round(found / accounts.size),
        },
      ];
    }),
  );
  const pure = flagged.filter((ring) => {
    const members = [...ring.accounts, ...ring.merchants];
    const hits = members.filter((id) => trueAccounts.has(id) || trueMerchants.has(id)).length;
    return hits / members.length > 0.5;
  }).length;
  const lookalikes = Object.fromEntries(
    [...new Set((truth.lookalikes ?? []).map((group) => group.kind))].sort().map((kind) => {
      const groups = (truth.lookalikes ?? []).filter((group) => group.kind === kind);
      const accounts = new Set(groups.flatMap((group) => group.accounts));
      // A look-alike group is flagged when a flagged ring is mostly made of it; single honest
      // accounts caught in a ring are counted separately.
      const flaggedGroups = groups.filter((group) => {
        const members = new Set(group.accounts);
        return flagged.some(
          (ring) =>
            ring.accounts.filter((id) => members.has(id)).length * 2 >= ring.accounts.length,
        );
      }).length;
      const flaggedMembers = [...accounts].filter(
        (id) => flaggedAccounts.has(id) && !trueAccounts.has(id),
      ).length;
      return [
        kind,
        { groups: groups.length, groupsFlagged: flaggedGroups, accountsFlagged: flaggedMembers },
      ];
    }),
  );
  const summarize = (value: Prf) => ({
    precision: round(value.precision),
    recall: round(value.recall),
    f1: round(value.f1),
    truePositives: value.truePositives,
    predicted: value.predicted,
    actual: value.actual,
  });
  return {
    accounts: summarize(prf(flaggedAccounts, trueAccounts)),
    merchants: summarize(prf(flaggedMerchants, trueMerchants)),
    rings: {
      flagged: flagged.length,
      actual: truth.rings.length,
      recall: round(truth.rings.filter(recovered).length / (truth.rings.length || 1)),
      precision: round(flagged.length ? pure / flagged.length : 1),
    },
    perKind,
    lookalikes,
  };
}
