import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { buildWebApp } from '../server/web/build.ts';
import { graphReady, launchChromium } from '../test/e2e/browser.ts';
import { startDemoServer } from '../test/e2e/demo-server.ts';
import { logger, machine, percentiles, saveResult } from './support.ts';

/**
 * Web app benchmark: the production bundle's gzipped size, and in headless Chromium the time
 * from navigation to a laid-out graph of about 2,000 elements (a busy merchant's two-hop
 * neighbourhood, 1,000 nodes and their edges) on a generated marketplace — cold cache, a fresh
 * browser context per run; the median of the runs.
 */
const log = logger('web');

/** Bytes of the built JS and CSS, raw and gzipped. */
function bundleSize(dir: string): { files: number; bytes: number; gzipBytes: number } {
  const assets = path.join(dir, 'assets');
  let bytes = 0;
  let gzipBytes = 0;
  const files = fs.readdirSync(assets).filter((file) => /\.(js|css)$/.test(file));
  for (const file of files) {
    const content = fs.readFileSync(path.join(assets, file));
    bytes += content.length;
    gzipBytes += gzipSync(content, { level: 9 }).length;
  }
  return { files: files.length, bytes, gzipBytes };
}

type Graph = { nodes: { data: { id: string } }[]; edges: { data: { id: string } }[] };

/** The first merchant (of the top rings) whose two-hop neighbourhood fills the 1,000-node limit. */
async function busyMerchant(
  origin: string,
  key: string,
): Promise<{ id: string; elements: number }> {
  const ask = async <T>(query: string, variables: Record<string, unknown> = {}) => {
    const response = await fetch(`${origin}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ query, variables }),
    });
    return ((await response.json()) as { data: T }).data;
  };
  const { rings } = await ask<{
    rings: { edges: { node: { members: { id: string; type: string }[] } }[] };
  }>('{ rings(first: 20, orderBy: SIZE) { edges { node { members { id type } } } } }');
  const merchants = [
    ...new Set(
      rings.edges.flatMap((edge) =>
        edge.node.members.filter((m) => m.type === 'MERCHANT').map((m) => m.id),
      ),
    ),
  ];
  for (const id of merchants) {
    const { neighborhood } = await ask<{ neighborhood: Graph }>(
      'query($id: ID!) { neighborhood(id: $id, hops: 2, limit: 1000) { nodes { data { id } } edges { data { id } } } }',
      { id },
    );
    const elements = neighborhood.nodes.length + neighborhood.edges.length;
    if (elements >= 1900) return { id, elements };
  }
  throw new Error('No merchant has a two-hop neighbourhood of 1,000 nodes; use more --accounts.');
}

export async function run(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      accounts: { type: 'string', default: '5000' },
      seed: { type: 'string', default: '7' },
      runs: { type: 'string', default: '7' },
    },
  });
  const runs = Number(values.runs);
  const startMachine = machine();
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ringscope-bench-web-'));
  await buildWebApp({ outDir, mode: 'production' });
  const bundle = bundleSize(outDir);
  fs.rmSync(outDir, { recursive: true, force: true });
  log(`bundle: ${bundle.files} files, ${bundle.bytes} B, ${bundle.gzipBytes} B gzipped`);

  const server = await startDemoServer({
    accounts: Number(values.accounts),
    seed: Number(values.seed),
    log,
    heap: '2g',
    // Alert rules would compete with the browser for the CPU.
    alerts: false,
  });
  const { browser, close } = await launchChromium({ webgl: true });
  try {
    const target = await busyMerchant(server.origin, server.keys.investigator);
    log(`graph: merchant ${target.id}, ${target.elements} elements`);
    const signIn = await fetch(`${server.origin}/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ key: server.keys.investigator }),
    });
    const [name, value] = ((signIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '').split('=');
    const url = `${server.origin}/entity/${encodeURIComponent(target.id)}?hops=2&limit=1000`;
    const samples: {
      ms: number;
      dataMs: number;
      layoutMs: number;
      elements: number;
      webgl: boolean;
    }[] = [];
    for (let index = 0; index < runs; index += 1) {
      const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
      await context.addCookies([
        { name: name as string, value: value as string, url: server.origin },
      ]);
      const page = await context.newPage();
      await page.goto(url);
      await graphReady(page);
      const sample = await page.evaluate(() => {
        const view = window.__ringscope?.view;
        const graphql = performance
          .getEntriesByType('resource')
          .filter((entry) => entry.name.endsWith('/graphql'))
          .map((entry) => (entry as PerformanceResourceTiming).responseEnd);
        return {
          ms: view?.laidOutAt ?? Number.NaN,
          dataMs: Math.max(0, ...graphql),
          layoutMs: performance.getEntriesByName('ringscope:layout').at(-1)?.duration ?? Number.NaN,
          elements: view?.cy.elements().length ?? 0,
          webgl: view?.webgl ?? false,
        };
      });
      const rounded = {
        ...sample,
        ms: Math.round(sample.ms),
        dataMs: Math.round(sample.dataMs),
        layoutMs: Math.round(sample.layoutMs),
      };
      samples.push(rounded);
      log(
        `run ${index + 1}: ${rounded.ms} ms (data at ${rounded.dataMs} ms, layout ${rounded.layoutMs} ms), ${rounded.elements} elements, webgl ${rounded.webgl}`,
      );
      await context.close();
    }
    const ms = percentiles(samples.map((sample) => sample.ms)).p50;
    saveResult('web', {
      suite: 'web',
      at: new Date().toISOString(),
      accounts: Number(values.accounts),
      bundle,
      graph: { merchant: target.id, elements: samples[0]?.elements, webgl: samples[0]?.webgl },
      navigationToLaidOutMs: { median: ms, runs: samples.map((sample) => sample.ms) },
      // Where the time goes: the last GraphQL response, and fcose plus leaf placement.
      dataReceivedMs: { median: percentiles(samples.map((sample) => sample.dataMs)).p50 },
      layoutMs: { median: percentiles(samples.map((sample) => sample.layoutMs)).p50 },
      loadAverageAtEnd: os.loadavg().map((value) => Math.round(value * 100) / 100),
      targets: { laidOutUnder1500ms: { met: ms < 1500 } },
      machine: startMachine,
    });
  } finally {
    await close();
    await server.close();
  }
}
