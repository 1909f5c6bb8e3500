import type { ElementDefinition } from 'cytoscape';
import type { EdgeData, NodeData } from './elements.ts';
import { utcDay } from './elements.ts';

/** An inclusive range of UTC days (YYYY-MM-DD); either end may be open. */
export type DayRange = { from: string | null; to: string | null };

export function inRange(day: string, range: DayRange): boolean {
  return (range.from === null || day >= range.from) && (range.to === null || day <= range.to);
}

/**
 * Ids of the elements the filters hide: nodes of hidden types, orders outside the day range,
 * BNPL edges none of whose orders fall in it. (Cytoscape hides edges of hidden nodes itself.)
 */
export function hiddenElementIds(
  elements: readonly ElementDefinition[],
  hiddenTypes: ReadonlySet<string>,
  range: DayRange,
): Set<string> {
  const hidden = new Set<string>();
  const ranged = range.from !== null || range.to !== null;
  for (const element of elements) {
    const data = element.data as NodeData & EdgeData;
    if (element.group === 'nodes') {
      const outside =
        ranged && data.type === 'Order' && data.createdAt
          ? !inRange(utcDay(data.createdAt), range)
          : false;
      if (hiddenTypes.has(data.type) || outside) hidden.add(data.id);
    } else if (ranged && data.days && !data.days.some((day) => inRange(day, range))) {
      hidden.add(data.id);
    }
  }
  return hidden;
}

/**
 * The elements that are a reason's evidence: nodes whose API id is listed, edges between two
 * of them, and BNPL edges carrying a listed order.
 */
export function evidenceElementIds(
  elements: readonly ElementDefinition[],
  evidence: readonly string[],
): Set<string> {
  const listed = new Set(evidence);
  const ids = new Set<string>();
  for (const element of elements) {
    const data = element.data as NodeData;
    if (element.group === 'nodes' && listed.has(data.entityId)) ids.add(data.id);
  }
  for (const element of elements) {
    if (element.group !== 'edges') continue;
    const data = element.data as EdgeData;
    const bothEnds = ids.has(data.source) && ids.has(data.target);
    if (bothEnds || data.orders?.some((order) => listed.has(order))) ids.add(data.id);
  }
  return ids;
}

/** Node types present, in a stable order, for the show/hide toggles and the legend. */
export function nodeTypes(elements: readonly ElementDefinition[]): string[] {
  const order = [
    'Account',
    'Merchant',
    'Order',
    'Device',
    'IP',
    'Phone',
    'Identity',
    'Address',
    'BankAccount',
    'Tracking',
    'Ring',
  ];
  const present = new Set(
    elements
      .filter((element) => element.group === 'nodes')
      .map((element) => (element.data as NodeData).type),
  );
  return [
    ...order.filter((type) => present.has(type)),
    ...[...present].filter((type) => !order.includes(type)).sort(),
  ];
}
