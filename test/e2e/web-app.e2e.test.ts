import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forwardConsole, graphReady, launchChromium } from './browser.ts';
import { type DEMO_KEYS, type DemoServer, startDemoServer } from './demo-server.ts';

/** Small enough for CI (about a minute to load and detect), large enough to hold real rings. */
const ACCOUNTS = 3000;

/** Set once the demo server is up (beforeAll below). */
let app: { origin: string; keys: typeof DEMO_KEYS; artifacts: string };
let server: DemoServer | undefined;
const shot = (page: Page, name: string) =>
  page.screenshot({ path: path.join(app.artifacts, `${name}.png`) });

/** A GraphQL call from the test itself, with the investigator's Bearer key. */
async function api<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch(`${app.origin}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${app.keys.investigator}`,
    },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data: T; errors?: unknown[] };
  expect(body.errors).toBeUndefined();
  return body.data;
}

type Reason = { evidence: string[] };
type RingFacts = { id: string; members: { id: string }[]; reasons: Reason[] };

/** The canvas as the test sees it through the test hooks. */
const canvas = {
  nodeIds: (page: Page) =>
    page.evaluate(() => window.__ringscope?.view.cy.nodes().map((node) => node.id()) ?? []),
  entityIds: (page: Page, selector: string) =>
    page.evaluate(
      (sel) =>
        window.__ringscope?.view.cy.$(sel).map((node) => node.data('entityId') as string) ?? [],
      selector,
    ),
};

let close: () => Promise<void>;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const errors: string[] = [];

// The server starts here rather than in a global setup: global setups run when `npm test`
// starts, while this project's tests wait (groupOrder) until unit and integration are done.
beforeAll(async () => {
  const artifacts = fileURLToPath(new URL('../artifacts/', import.meta.url));
  fs.mkdirSync(artifacts, { recursive: true });
  server = await startDemoServer({
    accounts: ACCOUNTS,
    seed: 11,
    log: (line) => console.log(`[e2e] ${line}`),
  });
  app = { origin: server.origin, keys: server.keys, artifacts };
  ({ browser, close } = await launchChromium());
  context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  page = await context.newPage();
  forwardConsole(page, errors);
});

afterAll(async () => {
  await close?.();
  await server?.close();
});

describe('investigating a ring in the web app', () => {
  let ring: RingFacts;
  let shareUrl: string;

  it('signs in from ?token: the key becomes an HttpOnly SameSite=Strict cookie, the token leaves the URL', async () => {
    await page.goto(`${app.origin}/?token=${app.keys.investigator}`);
    expect(new URL(page.url()).searchParams.has('token')).toBe(false);
    const [cookie] = await context.cookies();
    expect(cookie).toMatchObject({ name: 'ringscope_session', httpOnly: true, sameSite: 'Strict' });
    await page.getByText('ivy · investigator').waitFor();
  });

  it('opens the queue and the top-scoring ring, whose members are on the canvas', async () => {
    await page.locator('tr.ring-row').first().waitFor();
    await shot(page, 'queue');
    await page.getByRole('button', { name: /Score/ }).click();
    const topId = await page.locator('tr.ring-row').first().getAttribute('data-ring');
    const data = await api<{ rings: { edges: { node: { id: string } }[] } }>(
      '{ rings(first: 1, orderBy: SCORE) { edges { node { id } } } }',
    );
    expect(topId).toBe(data.rings.edges[0]?.node.id);
    await page.locator('tr.ring-row').first().click();
    await graphReady(page);
    expect(new URL(page.url()).pathname).toBe(`/ring/${topId}`);
    ring = (
      await api<{ ring: RingFacts }>(
        'query($id: ID!) { ring(id: $id) { id members { id } reasons { evidence } } }',
        { id: topId },
      )
    ).ring;
    const onCanvas = await canvas.entityIds(page, 'node');
    expect(onCanvas).toEqual(expect.arrayContaining(ring.members.map((member) => member.id)));
    await shot(page, 'ring');
  });

  it('highlights exactly the evidence of a clicked reason', async () => {
    const reason = ring.reasons[0] as Reason;
    await page.locator('button[data-reason="0"]').click();
    await graphReady(page);
    const shown = new Set(await canvas.entityIds(page, 'node'));
    const expected = reason.evidence.filter((id) => shown.has(id)).sort();
    expect(expected.length).toBeGreaterThan(0);
    expect((await canvas.entityIds(page, 'node.evidence')).sort()).toEqual(expected);
    const faded = await canvas.entityIds(page, 'node.faded');
    expect(faded.length + expected.length).toBe(shown.size);
    await shot(page, 'reason-evidence');
  });

  it('exports the canvas as PNG, the elements as JSON and the orders as CSV', async () => {
    const saved = async (action: string) => {
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.locator(`button[data-action="${action}"]`).click(),
      ]);
      return { name: download.suggestedFilename(), bytes: fs.readFileSync(await download.path()) };
    };
    const png = await saved('png');
    expect(png.name).toBe(`${ring.id}.png`);
    expect(png.bytes.subarray(1, 4).toString()).toBe('PNG');
    const json = JSON.parse((await saved('json')).bytes.toString()) as {
      elements: { nodes: unknown[] };
    };
    expect(json.elements.nodes.length).toBe((await canvas.nodeIds(page)).length);
    const csv = (await saved('csv')).bytes.toString().trimEnd().split('\r\n');
    expect(csv[0]).toBe('order_id,account_id,merchant_id,created_at,amount,repayment_status');
    const { ring: counted } = await api<{ ring: { orderCount: number } }>(
      'query($id: ID!) { ring(id: $id) { orderCount } }',
      { id: ring.id },
    );
    expect(csv.length - 1).toBe(counted.orderCount);
  });

  it('keeps the whole graph in view when the canvas shrinks before the investigator moves the view', async () => {
    await graphReady(page);
    const inView = () =>
      page.evaluate(() => {
        const cy = window.__ringscope?.view.cy;
        if (!cy) return false;
        const box = cy.elements().renderedBoundingBox();
        return box.x1 >= 0 && box.y1 >= 0 && box.x2 <= cy.width() && box.y2 <= cy.height();
      });
    expect(await inView()).toBe(true);
    await page.setViewportSize({ width: 1100, height: 640 });
    try {
      await page.waitForFunction(() => (window.__ringscope?.view.cy.height() ?? 0) < 500);
      await expect.poll(inView, { timeout: 10_000 }).toBe(true);
    } finally {
      await page.setViewportSize({ width: 1400, height: 900 });
    }
    await page.waitForFunction(() => (window.__ringscope?.view.cy.height() ?? 0) > 500);
    expect(await inView()).toBe(true);
  });

  it('expands a double-clicked node through its neighbourhood', async () => {
    await graphReady(page);
    const before = (await canvas.nodeIds(page)).length;
    const hub = page.getByRole('button', { name: 'Expand anyway' });
    // A node outside the visible canvas, or one the view is about to move (a resize re-fits it
    // 100 ms later), is not where the click lands: wait until the node is inside the canvas and
    // stays put across two polls (CI once laid out the graph before the canvas took its size).
    // The point must reach the canvas (nothing drawn over it) and lie clear of every other node:
    // WebGL picking reads a 6-pixel square and takes the first node it finds there.
    const visible = await page.waitForFunction(
      () => {
        const cy = window.__ringscope?.view.cy;
        const container = cy?.container();
        if (!cy || !container) return null;
        const box = container.getBoundingClientRect();
        const GAP = 8;
        const clear = cy.nodes('[type = "Account"]').filter((candidate) => {
          const at = candidate.renderedPosition();
          const hit = document.elementFromPoint(box.left + at.x, box.top + at.y);
          const others = cy.nodes().difference(candidate);
          return (
            at.x > 0 &&
            at.y > 0 &&
            at.x < cy.width() &&
            at.y < cy.height() &&
            hit !== null &&
            container.contains(hit) &&
            others.every((other) => {
              const near = other.renderedBoundingBox();
              return (
                at.x < near.x1 - GAP ||
                at.x > near.x2 + GAP ||
                at.y < near.y1 - GAP ||
                at.y > near.y2 + GAP
              );
            })
          );
        });
        const node = clear.nodes().first();
        if (node.empty()) return null;
        const at = node.renderedPosition();
        const spot = { id: node.id(), x: box.left + at.x, y: box.top + at.y };
        const polls = window as unknown as { lastSpot?: string };
        const still = polls.lastSpot === JSON.stringify(spot);
        polls.lastSpot = JSON.stringify(spot);
        return still ? spot : null;
      },
      undefined,
      { polling: 250 },
    );
    const target = (await visible.jsonValue()) as { id: string; x: number; y: number };
    await page.mouse.dblclick(target.x, target.y);
    await page.waitForFunction(
      (id) =>
        (
          (window.__ringscope?.state() as { expanded: string[] } | undefined)?.expanded ?? []
        ).includes(id) || document.querySelector('dialog[open]') !== null,
      target.id,
      { timeout: 10_000 },
    );
    if (await hub.isVisible()) await hub.click();
    await page.waitForFunction(
      (id) =>
        (
          (window.__ringscope?.state() as { expanded: string[] } | undefined)?.expanded ?? []
        ).includes(id),
      target.id,
    );
    await graphReady(page);
    expect((await canvas.nodeIds(page)).length).toBeGreaterThan(before);
    expect(new URL(page.url()).searchParams.getAll('expand')).toEqual([target.id]);
    await shot(page, 'expanded');
  });

  it('confirms the ring with a note; status and note survive a reload', async () => {
    const note = `Confirmed in e2e: 同一设备下单 ${Date.now()}`;
    await page.getByLabel('Note').fill(note);
    await page.locator('button[data-action="confirm"]').click();
    await page.getByText('Status set to CONFIRMED.').waitFor();
    await page.locator('ol.audit').getByText(note).waitFor();
    await page.reload();
    await graphReady(page);
    await page.locator('.decision [data-status="CONFIRMED"]').waitFor();
    await page.locator('ol.audit').getByText(note).waitFor();
    await shot(page, 'decision');
    shareUrl = page.url();
  });

  it('shows the newest 50 audit entries and the rest behind "Older entries"', async () => {
    const ringId = decodeURIComponent(new URL(page.url()).pathname.replace('/ring/', ''));
    for (let i = 1; i <= 55; i += 1) {
      await api(
        'mutation ($id: ID!, $text: String!) { addNote(targetId: $id, text: $text) { id } }',
        {
          id: ringId,
          text: `bulk note ${i}`,
        },
      );
    }
    const { auditLog } = await api<{ auditLog: unknown[] }>(
      'query ($id: ID!) { auditLog(targetId: $id, first: 100) { id } }',
      { id: ringId },
    );
    await page.reload();
    await graphReady(page);
    const entries = page.locator('ol.audit li');
    await page.locator('ol.audit').getByText('bulk note 55').waitFor();
    expect(await entries.count()).toBe(50);
    // Notes 55 to 6 fill the first page; note 1 shows only once the older page is in.
    await page.locator('button[data-action="older"]').click();
    await page.locator('ol.audit').getByText('bulk note 1', { exact: true }).waitFor();
    expect(await entries.count()).toBe(auditLog.length);
    expect(await page.locator('button[data-action="older"]').isHidden()).toBe(true);
  });

  it('reopens the same view from the shared URL', async () => {
    const original = (await canvas.nodeIds(page)).sort();
    const evidence = (await canvas.entityIds(page, 'node.evidence')).sort();
    const other = await context.newPage();
    forwardConsole(other, errors);
    await other.goto(shareUrl);
    await graphReady(other);
    expect((await canvas.nodeIds(other)).sort()).toEqual(original);
    expect((await canvas.entityIds(other, 'node.evidence')).sort()).toEqual(evidence);
    await other.close();
  });

  it('reached this point without errors in the browser console', () => {
    expect(errors).toEqual([]);
  });
});

describe('sessions', () => {
  it('accepts cookie-authenticated GraphQL only with the CSRF header and without a wrong Bearer key', async () => {
    const signIn = await fetch(`${app.origin}/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ key: app.keys.investigator }),
    });
    expect(signIn.status).toBe(200);
    const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] as string;
    const ask = (headers: Record<string, string>) =>
      fetch(`${app.origin}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie, ...headers },
        body: JSON.stringify({ query: '{ rings(first: 1) { edges { node { id } } } }' }),
      }).then(
        (response) => response.json() as Promise<{ errors?: { extensions: { code: string } }[] }>,
      );
    expect((await ask({})).errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    expect((await ask({ 'x-ringscope-csrf': '1' })).errors).toBeUndefined();
    // A wrong Bearer key is refused even beside a valid session cookie.
    const wrongKey = { 'x-ringscope-csrf': '1', authorization: 'Bearer wrong-key-0000000000' };
    expect((await ask(wrongKey)).errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
    // A proxy's Basic credentials, which a browser sends on every request, are not a key of ours.
    const proxied = { 'x-ringscope-csrf': '1', authorization: 'Basic dXNlcjpwYXNz' };
    expect((await ask(proxied)).errors).toBeUndefined();
    const signOut = await fetch(`${app.origin}/session`, { method: 'DELETE', headers: { cookie } });
    expect(signOut.status).toBe(204);
    expect((await ask({ 'x-ringscope-csrf': '1' })).errors?.[0]?.extensions.code).toBe(
      'UNAUTHENTICATED',
    );
  });

  it('refuses a sign-in that is not JSON (a cross-site form cannot send one)', async () => {
    const response = await fetch(`${app.origin}/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `key=${app.keys.investigator}`,
    });
    expect(response.status).toBe(415);
    expect(((await response.json()) as { error: string }).error).toMatch(/^Send the key as JSON/);
    expect(response.headers.get('set-cookie')).toBeNull();
  });

  it('refuses a sign-in body over 4 KB before reading it (413), without a session', async () => {
    const response = await fetch(`${app.origin}/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ key: app.keys.investigator, padding: 'x'.repeat(5000) }),
    });
    expect(response.status).toBe(413);
    expect(((await response.json()) as { error: string }).error).toMatch(/at most 4096/);
    expect(response.headers.get('set-cookie')).toBeNull();
  });

  it('shows the sign-in form for a wrong token, and signs in from the form', async () => {
    const fresh = await browser.newContext();
    const tab = await fresh.newPage();
    await tab.goto(`${app.origin}/queries?token=not-a-key-at-all`);
    await tab.getByText('not a configured API key').waitFor();
    expect(new URL(tab.url()).search).toBe('');
    await shot(tab, 'sign-in');
    await tab.getByLabel('API key').fill(app.keys.analyst);
    await tab.getByRole('button', { name: /Sign in/ }).click();
    await tab.getByText('ann · analyst').waitFor();
    await tab.getByRole('button', { name: 'Sign out' }).click();
    await tab.getByLabel('API key').waitFor();
    await fresh.close();
  });
});

/** The Query fields this server offers (the saved-query API may land after the web app). */
async function queryFields(): Promise<Set<string>> {
  const response = await fetch(`${app.origin}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${app.keys.analyst}` },
    body: JSON.stringify({ query: '{ __type(name: "Query") { fields { name } } }' }),
  });
  const body = (await response.json()) as { data: { __type: { fields: { name: string }[] } } };
  return new Set(body.data.__type.fields.map((field) => field.name));
}

type Parameter = { name: string; required: boolean };

describe('saved queries page', () => {
  let fields: Set<string>;
  let analyst: Page;

  beforeAll(async () => {
    analyst = await (
      await browser.newContext({ viewport: { width: 1400, height: 900 } })
    ).newPage();
    forwardConsole(analyst);
    fields = await queryFields();
    await analyst.goto(`${app.origin}/queries?token=${app.keys.analyst}`);
    await analyst.getByText('ann · analyst').waitFor();
  });

  it('lists the saved queries, builds a form from a query’s declared parameters and shows its results', async () => {
    if (!fields.has('savedQueries')) {
      await analyst.getByText('does not offer it yet').waitFor();
      return;
    }
    const response = await fetch(`${app.origin}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${app.keys.analyst}` },
      body: JSON.stringify({ query: '{ savedQueries { name parameters { name required } } }' }),
    });
    const { data } = (await response.json()) as {
      data: { savedQueries: { name: string; parameters: Parameter[] }[] };
    };
    // A query that runs from its defaults alone (the form is submitted untouched).
    const first = data.savedQueries.find((query) =>
      query.parameters.every((parameter) => !parameter.required),
    );
    expect(first).toBeDefined();
    if (!first) return;
    await analyst.locator(`a[data-query="${first.name}"]`).click();
    await analyst.locator('form.query-form').waitFor();
    const rendered = await analyst
      .locator('[data-param]')
      .evaluateAll((inputs) => inputs.map((input) => input.getAttribute('data-param')));
    expect(rendered).toEqual(first.parameters.map((parameter) => parameter.name));
    await analyst.getByRole('button', { name: /Run/ }).click();
    await analyst.locator('.results .hint, .results [role="alert"]').first().waitFor();
    expect(await analyst.locator('.results').textContent()).toMatch(/rows in \d+ ms|No rows/);
    await shot(analyst, 'saved-query');
  });

  it('shows rule alerts in the queue’s alerts tab, newest first', async () => {
    await analyst.goto(`${app.origin}/?tab=alerts`);
    if (!fields.has('alerts')) {
      await analyst.getByText('does not offer it yet').waitFor();
      return;
    }
    await analyst.locator('table.alerts, .state-empty').first().waitFor();
    const times = await analyst
      .locator('tr[data-alert] td:first-child')
      .evaluateAll((cells) => cells.map((cell) => cell.textContent ?? ''));
    expect([...times].sort().reverse()).toEqual(times);
    await shot(analyst, 'alerts');
  });
});
