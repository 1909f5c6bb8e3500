import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const WEB_ROOT = path.join(ROOT, 'web');
const VITE_CONFIG = path.join(ROOT, 'vite.config.ts');

/** Where `npm start` serves the production build from. */
export const WEB_DIST = path.join(WEB_ROOT, 'dist');

/** Newest modification time of the web app's sources (web/ without its build, the Vite config). */
function newestSource(): number {
  let newest = fs.statSync(VITE_CONFIG).mtimeMs;
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (full !== WEB_DIST) walk(full);
      } else newest = Math.max(newest, fs.statSync(full).mtimeMs);
    }
  };
  walk(WEB_ROOT);
  return newest;
}

/**
 * Builds the web app with Vite into `outDir`. `mode: 'test'` keeps the `window.__ringscope`
 * hooks that end-to-end tests and the benchmark read.
 */
export async function buildWebApp(
  options: { outDir?: string; mode?: 'production' | 'test' } = {},
): Promise<void> {
  const { build } = await import('vite');
  await build({
    configFile: VITE_CONFIG,
    mode: options.mode ?? 'production',
    logLevel: 'warn',
    build: { outDir: options.outDir ?? WEB_DIST, emptyOutDir: true },
  });
}

/**
 * Rebuilds web/dist when it is missing or older than its sources, saying so; returns the folder
 * to serve, or undefined when there is no build and Vite is not installed (`--omit=dev`).
 */
export async function ensureWebBuild(log: (line: string) => void): Promise<string | undefined> {
  const index = path.join(WEB_DIST, 'index.html');
  const built = fs.existsSync(index) ? fs.statSync(index).mtimeMs : undefined;
  if (built !== undefined && built >= newestSource()) return WEB_DIST;
  log(
    built === undefined
      ? 'Building the web app into web/dist (first start)…'
      : 'Rebuilding the web app (web/ changed since web/dist was built)…',
  );
  const started = Date.now();
  try {
    await buildWebApp();
  } catch (error) {
    if (built !== undefined) {
      log(`The web app build failed, serving the previous one: ${String(error)}`);
      return WEB_DIST;
    }
    log(`The web app could not be built (${String(error)}); serving the API only.`);
    return undefined;
  }
  log(`Built the web app in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  return WEB_DIST;
}
