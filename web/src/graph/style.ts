import type { StylesheetJson } from 'cytoscape';

/** Colour and legend text per node type (also drawn in the legend). */
export const NODE_TYPES: Record<string, { color: string; shape: string; legend: string }> = {
  Account: { color: '#3b82f6', shape: 'ellipse', legend: 'Account 账户' },
  Merchant: { color: '#f59e0b', shape: 'round-rectangle', legend: 'Merchant 商户' },
  Order: { color: '#94a3b8', shape: 'ellipse', legend: 'Order 订单' },
  Device: { color: '#8b5cf6', shape: 'diamond', legend: 'Device 设备' },
  IP: { color: '#06b6d4', shape: 'diamond', legend: 'IP' },
  Phone: { color: '#10b981', shape: 'diamond', legend: 'Phone 手机' },
  Identity: { color: '#ec4899', shape: 'diamond', legend: 'Identity 身份' },
  Address: { color: '#84cc16', shape: 'diamond', legend: 'Address 地址' },
  BankAccount: { color: '#f97316', shape: 'diamond', legend: 'Bank account 收款账户' },
  Tracking: { color: '#64748b', shape: 'diamond', legend: 'Tracking 运单' },
  Ring: { color: '#dc2626', shape: 'star', legend: 'Ring 团伙' },
};

/** Risk colours of the node border, low → high. */
export const RISK_LOW = '#cbd5e1';
export const RISK_HIGH = '#b91c1c';

/**
 * The canvas stylesheet, data only (`data()`/`mapData()`, no functions), kept short and without
 * dashed lines or overlays so the WebGL renderer draws all of it.
 */
export function stylesheet(): StylesheetJson {
  return [
    {
      selector: 'node',
      style: {
        'background-color': '#94a3b8',
        label: 'data(label)',
        'font-size': 9,
        'min-zoomed-font-size': 7,
        'text-valign': 'bottom',
        'text-margin-y': 2,
        color: '#334155',
        width: 18,
        height: 18,
        'border-width': 0,
      },
    },
    ...Object.entries(NODE_TYPES).map(([type, look]) => ({
      selector: `node[type = "${type}"]`,
      style: {
        'background-color': look.color,
        shape: look.shape as 'ellipse',
      },
    })),
    {
      selector: 'node[risk]',
      style: {
        width: 'mapData(risk, 0, 1, 18, 34)',
        height: 'mapData(risk, 0, 1, 18, 34)',
        'border-width': 3,
        'border-color': `mapData(risk, 0, 1, ${RISK_LOW}, ${RISK_HIGH})`,
      },
    },
    { selector: 'node[type = "Order"]', style: { width: 8, height: 8, 'font-size': 6 } },
    {
      selector: 'edge',
      style: {
        width: 1,
        'line-color': '#cbd5e1',
        'curve-style': 'haystack',
        'haystack-radius': 0,
      },
    },
    {
      selector: 'edge[type = "BNPL"]',
      style: {
        width: 'mapData(weight, 1, 20, 1.5, 9)',
        'line-color': '#fb923c',
        'curve-style': 'straight',
        'target-arrow-shape': 'triangle',
        'target-arrow-color': '#fb923c',
        'arrow-scale': 0.7,
        label: 'data(weight)',
        'font-size': 7,
        color: '#9a3412',
      },
    },
    { selector: '.hidden', style: { display: 'none' } },
    { selector: '.faded', style: { opacity: 0.15 } },
    {
      selector: 'node.evidence',
      style: { 'border-width': 5, 'border-color': '#facc15' },
    },
    { selector: 'edge.evidence', style: { 'line-color': '#eab308', width: 3 } },
    { selector: 'node.on-path', style: { 'border-width': 5, 'border-color': '#16a34a' } },
    { selector: 'edge.on-path', style: { 'line-color': '#16a34a', width: 4 } },
    {
      selector: 'node:selected',
      style: { 'border-width': 5, 'border-color': '#0f172a' },
    },
  ];
}
