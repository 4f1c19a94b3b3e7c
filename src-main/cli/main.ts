import { parseArgs } from 'node:util';
import { isMailwrightError } from '../model/errors';
import { UsageError, type CliIO, type CommandSpec } from './command';
import { commands } from './registry';

function findCommand(argv: readonly string[]): { spec: CommandSpec; rest: string[] } | undefined {
  let best: CommandSpec | undefined;
  for (const spec of commands) {
    const matches = spec.path.every((word, i) => argv[i] === word);
    if (matches && (best === undefined || spec.path.length > best.path.length)) best = spec;
  }
  return best === undefined ? undefined : { spec: best, rest: argv.slice(best.path.length) };
}

export function helpText(): string {
  const width = Math.max(...commands.map((c) => c.path.join(' ').length));
  const lines = commands.map((c) => `  ${c.path.join(' ').padEnd(width)}  ${c.summary}`);
  return [
    'Usage: mailwright <command> [options]',
    '',
    'Commands:',
    ...lines,
    '',
    'Every command takes --json for machine-readable output.',
    'Run "mailwright help <command>" for the options of one command.',
    'Exit codes: 0 success, 1 the server or network said no, 2 usage error.',
    '',
  ].join('\n');
}

/** One line, as the CLI convention requires: `mailwright: <what failed>: <why>`. */
function errorLine(what: string, why: string): string {
  return `mailwright: ${what}: ${why.replace(/\s*\r?\n\s*/g, ' ')}\n`;
}

/** Runs one CLI invocation and returns the exit code; never throws. */
export async function runCli(argv: readonly string[], io: CliIO): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h') {
    io.out(helpText());
    return 0;
  }
  if (argv[0] === 'help') {
    const found = findCommand(argv.slice(1));
    if (argv.length === 1) {
      io.out(helpText());
      return 0;
    }
    if (found === undefined) {
      io.err(errorLine(argv.slice(1).join(' '), 'no such command; run "mailwright --help" for the list'));
      return 2;
    }
    io.out(`Usage: mailwright ${found.spec.usage}\n\n${found.spec.summary}\n`);
    return 0;
  }
  const found = findCommand(argv);
  if (found === undefined) {
    io.err(errorLine(argv[0] ?? '', 'no such command; run "mailwright --help" for the list'));
    return 2;
  }
  const { spec, rest } = found;
  const what = spec.path.join(' ');
  try {
    if (rest.includes('--help') || rest.includes('-h')) {
      io.out(`Usage: mailwright ${spec.usage}\n\n${spec.summary}\n`);
      return 0;
    }
    let parsed;
    try {
      parsed = parseArgs({
        args: [...rest],
        options: { ...spec.options, json: { type: 'boolean' } },
        allowPositionals: true,
        strict: true,
      });
    } catch (e) {
      throw new UsageError(`${(e as Error).message.replace(/\.$/, '')}; usage: mailwright ${spec.usage}`);
    }
    const { min, max } = spec.positionals;
    if (parsed.positionals.length < min || parsed.positionals.length > max) {
      throw new UsageError(`wrong number of arguments; usage: mailwright ${spec.usage}`);
    }
    const { json, ...values } = parsed.values;
    return await spec.run({ values, positionals: parsed.positionals, json: json === true }, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(errorLine(what, e.message));
      return 2;
    }
    if (isMailwrightError(e)) {
      const server = e.serverText === undefined ? '' : ` (server said: ${e.serverText})`;
      io.err(errorLine(what, `${e.message}${server}`));
      return e.kind === 'bad-input' ? 2 : 1;
    }
    io.err(errorLine(what, `unexpected failure: ${e instanceof Error ? e.message : String(e)}`));
    return 1;
  }
}
