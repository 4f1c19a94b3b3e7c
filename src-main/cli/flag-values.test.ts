import { describe, expect, it } from 'vitest';
import { UsageError, type ParsedCommand } from './command';
import { endpoints, optionalString, requiredString, strings } from './flag-values';

const cmd = (values: ParsedCommand['values']) => ({ values }) as ParsedCommand;

describe('flag values', () => {
  it('optionalString: the text, else undefined for absent or a bare switch', () => {
    const c = cmd({ folder: 'INBOX', empty: '', on: true });
    expect([optionalString(c, 'folder'), optionalString(c, 'empty')]).toEqual(['INBOX', '']);
    expect([optionalString(c, 'on'), optionalString(c, 'nope')]).toEqual([undefined, undefined]);
  });

  it('requiredString: the text; absent, empty or a switch is a usage error naming the flag', () => {
    const c = cmd({ folder: 'INBOX', empty: '', on: true });
    expect(requiredString(c, 'folder')).toBe('INBOX');
    for (const name of ['empty', 'on', 'nope']) {
      expect(() => requiredString(c, name)).toThrow(new UsageError(`--${name} is required`));
    }
  });

  it('strings: every text of a repeatable flag, in order; switches dropped', () => {
    expect(strings(undefined)).toEqual([]);
    expect(strings('a')).toEqual(['a']);
    expect(strings(true)).toEqual([]);
    expect(strings(['a', true, 'b'])).toEqual(['a', 'b']);
  });

  it('endpoints: IP[:PORT] with port 53 by default; a bad one names the flag', () => {
    expect(endpoints(['127.0.0.1', '127.0.0.2:5353'], '--server')).toEqual([
      { address: '127.0.0.1', port: 53 },
      { address: '127.0.0.2', port: 5353 },
    ]);
    expect(() => endpoints(['127.0.0.1', 'not an address'], '--root')).toThrow(UsageError);
    expect(() => endpoints(['not an address'], '--root')).toThrow(/^--root /);
  });
});
