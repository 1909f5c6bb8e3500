import { execFileSync } from 'node:child_process';
import { type Browser, chromium, type Page } from 'playwright-core';

/** Debian's chromium (installed by .ci/run); playwright-core never downloads a browser. */
export function chromiumPath(): string {
  try {
    return execFileSync('sh', ['-c', 'command -v chromium || command -v chromium-browser'], {
      encoding: 'utf8',
    }).trim();
  } catch {
    throw new Error('No chromium on PATH. Did you forget `apt-get install -y chromium`?');
  }
}

/**
 * Headless chromium with a fresh profile and the flags that keep it quiet on a closed network
 * (STACK.md 4.5). `webgl` swaps --disable-gpu for SwiftShader so WebGL contexts exist.
 */
export async function launchChromium(
  options: { webgl?: boolean } = {},
): Promise<{ browser: Browser; close(): Promise<void> }> {
  // playwright gives every launch a fresh temporary profile (it refuses --user-data-dir).
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: [
      '--headless',
      '--no-sandbox',
      ...(options.webgl
        ? ['--enable-unsafe-swiftshader', '--use-angle=swiftshader']
        : ['--disable-gpu']),
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    browser,
    close: () => browser.close(),
  };
}

/** Forwards the page's console errors and uncaught exceptions to the test output. */
export function forwardConsole(page: Page, errors: string[] = []): string[] {
  page.on('console', (entry) => {
    if (entry.type() === 'error') errors.push(entry.text());
    if (entry.type() === 'error' || entry.type() === 'warning') {
      process.stderr.write(`[browser ${entry.type()}] ${entry.text()}\n`);
    }
  });
  page.on('pageerror', (error) => {
    errors.push(error.message);
    process.stderr.write(`[browser exception] ${error.message}\n`);
  });
  return errors;
}

/** Waits until the graph page has rendered its current state. */
export async function graphReady(page: Page, timeout = 60_000): Promise<void> {
  await page.waitForFunction(() => window.__ringscope?.ready === true, undefined, { timeout });
}

declare global {
  interface Window {
    __ringscope?: {
      ready: boolean;
      view: { cy: import('cytoscape').Core; laidOutAt: number | null; webgl: boolean };
      state(): unknown;
    };
  }
}
