import type { ParseArgsConfig } from 'node:util';

/** Where a command writes; tests pass buffers, the binary passes the process streams. */
export interface CliIO {
  out(text: string): void;
  /** Raw bytes to stdout (a message as the server sent it); text-only test buffers omit it. */
  outBytes?(data: Uint8Array): void;
  err(text: string): void;
  env: Readonly<Record<string, string | undefined>>;
}

export type OptionSpecs = NonNullable<ParseArgsConfig['options']>;

export interface ParsedCommand {
  values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  positionals: string[];
  json: boolean;
}

/** One CLI command: `path` is its words (`['dns', 'mx']`), the rest of argv is its own. */
export interface CommandSpec {
  path: readonly string[];
  summary: string;
  /** Shown by `mailwright help <command>` and in usage errors, without the leading `mailwright`. */
  usage: string;
  options: OptionSpecs;
  /** Positional arguments allowed: a fixed count range. */
  positionals: { min: number; max: number };
  /** Returns the exit code: 0 success, 1 operational failure. Throw UsageError for 2. */
  run(cmd: ParsedCommand, io: CliIO): Promise<number>;
}

/** A mistake in how the command was called: exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Writes a value as one line of JSON (machines read `--json` output line by line). */
export function printJson(io: CliIO, value: unknown): void {
  io.out(`${JSON.stringify(value)}\n`);
}
