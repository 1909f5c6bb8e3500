import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { forwardConsole, launchChromium } from './browser.ts';

const app = inject('app');

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

let close: () => Promise<void>;
let browser: Browser;
let page: Page;
let fields: Set<string>;

beforeAll(async () => {
  ({ browser, close } = await launchChromium());
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  forwardConsole(page);
  fields = await queryFields();
  await page.goto(`${app.origin}/queries?token=${app.keys.analyst}`);
  await page.getByText('ann · analyst').waitFor();
});

afterAll(async () => {
  await close();
});

describe('saved queries page', () => {
  it('lists the saved queries, builds a form from a query’s declared parameters and shows its results', async () => {
    if (!fields.has('savedQueries')) {
      await page.getByText('does not offer it yet').waitFor();
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
    await page.locator(`a[data-query="${first.name}"]`).click();
    await page.locator('form.query-form').waitFor();
    const rendered = await page
      .locator('[data-param]')
      .evaluateAll((inputs) => inputs.map((input) => input.getAttribute('data-param')));
    expect(rendered).toEqual(first.parameters.map((parameter) => parameter.name));
    await page.getByRole('button', { name: /Run/ }).click();
    await page.locator('.results .hint, .results [role="alert"]').first().waitFor();
    expect(await page.locator('.results').textContent()).toMatch(/rows in \d+ ms|No rows/);
    await page.screenshot({ path: path.join(app.artifacts, 'saved-query.png') });
  });

  it('shows rule alerts in the queue’s alerts tab, newest first', async () => {
    await page.goto(`${app.origin}/?tab=alerts`);
    if (!fields.has('alerts')) {
      await page.getByText('does not offer it yet').waitFor();
      return;
    }
    await page.locator('table.alerts, .state-empty').first().waitFor();
    const times = await page
      .locator('tr[data-alert] td:first-child')
      .evaluateAll((cells) => cells.map((cell) => cell.textContent ?? ''));
    expect([...times].sort().reverse()).toEqual(times);
    await page.screenshot({ path: path.join(app.artifacts, 'alerts.png') });
  });
});
