#!/usr/bin/env node
// The CLI entry: runs the bundled build in dist/ (made by `npm run build`).
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
if (!existsSync(cli)) {
  process.stderr.write('mailwright: not built yet: run "npm run build" first\n');
  process.exit(1);
}
await import(pathToFileURL(cli).href);
