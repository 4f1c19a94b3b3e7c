/**
 * Reading the values the option parser leaves (string, boolean, or a list of them for a
 * repeatable flag) as the types a command wants; a missing or malformed value is a usage
 * error naming the flag. Pure functions, shared by the commands.
 */
import { isMailwrightError } from '../model/errors';
import { parseEndpoint, type Endpoint } from '../dns/endpoint';
import { UsageError, type ParsedCommand } from './command';

/** The flag's text, or undefined when it is absent (or was given as a bare switch). */
export function optionalString(cmd: ParsedCommand, name: string): string | undefined {
  const v = cmd.values[name];
  return typeof v === 'string' ? v : undefined;
}

/** The flag's text; absent or empty is a usage error. */
export function requiredString(cmd: ParsedCommand, name: string): string {
  const v = cmd.values[name];
  if (typeof v !== 'string' || v === '') throw new UsageError(`--${name} is required`);
  return v;
}

/** Every text a repeatable flag was given, in order ([] when absent). */
export function strings(v: unknown): string[] {
  if (v === undefined) return [];
  return (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string');
}

/** `IP[:PORT]` texts (DNS servers) parsed; the first malformed one is a usage error naming `flag`. */
export function endpoints(texts: readonly string[], flag: string): Endpoint[] {
  return texts.map((t) => {
    try {
      return parseEndpoint(t);
    } catch (e) {
      throw new UsageError(`${flag} ${isMailwrightError(e) ? e.message : String(e)}`);
    }
  });
}
