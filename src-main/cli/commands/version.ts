import { createRequire } from 'node:module';
import type { CommandSpec } from '../command';
import { printJson } from '../command';

export const versionCommand: CommandSpec = {
  path: ['version'],
  summary: 'Print the Mailwright and Node.js versions',
  usage: 'version [--json]',
  options: {},
  positionals: { min: 0, max: 0 },
  async run(cmd, io) {
    const require = createRequire(import.meta.url);
    // Bundled as dist/cli.js, or run from source by the tests.
    let version = 'unknown';
    for (const candidate of ['../package.json', '../../../package.json']) {
      try {
        version = (require(candidate) as { version: string }).version;
        break;
      } catch {
        // Try the next layout.
      }
    }
    if (cmd.json) printJson(io, { mailwright: version, node: process.versions.node });
    else io.out(`mailwright ${version} (node ${process.versions.node})\n`);
    return 0;
  },
};
