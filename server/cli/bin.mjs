#!/usr/bin/env node
// Entry point for `npx ringscope`: Node 20 cannot run TypeScript itself, so tsx's loader is
// registered before the real CLI module is imported.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2));
