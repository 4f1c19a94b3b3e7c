import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  array,
  boolean,
  integer,
  literal,
  none,
  nullable,
  object,
  optional,
  string,
  validate,
  variant,
} from './schema';

describe('schema', () => {
  it('checks strings by length and pattern', () => {
    const s = string({ min: 1, max: 3, pattern: /^[a-z]+$/, what: 'lowercase letters' });
    expect(s.check('abc', 'x')).toBeUndefined();
    expect(s.check('', 'x')).toBe('x must not be empty');
    expect(s.check('abcd', 'x')).toBe('x must be at most 3 characters');
    expect(s.check('AB', 'x')).toBe('x must be lowercase letters');
    expect(s.check(3, 'x')).toBe('x must be a string');
  });

  it('checks integers and their range', () => {
    const n = integer({ min: 1, max: 10 });
    expect(n.check(5, 'n')).toBeUndefined();
    expect(n.check(0, 'n')).toBe('n must be from 1 to 10');
    expect(n.check(1.5, 'n')).toBe('n must be a whole number');
    expect(n.check(Number.NaN, 'n')).toBe('n must be a whole number');
    expect(n.check('5', 'n')).toBe('n must be a whole number');
  });

  it('checks booleans, literals, nullables and lists', () => {
    expect(boolean.check(false, 'b')).toBeUndefined();
    expect(boolean.check(0, 'b')).toBe('b must be true or false');
    expect(literal('a', 'b').check('c', 'l')).toBe('l must be one of "a", "b"');
    expect(nullable(integer()).check(null, 'v')).toBeUndefined();
    expect(array(integer(), { max: 2 }).check([1, 2, 3], 'a')).toBe('a must hold at most 2 items');
    expect(array(integer()).check([1, 'x'], 'a')).toBe('a[1] must be a whole number');
    expect(array(integer()).check({ length: 0 }, 'a')).toBe('a must be a list');
  });

  it('refuses unknown and missing keys, allows absent optional ones', () => {
    const o = object({ a: integer(), b: optional(string()) });
    expect(o.check({ a: 1 }, 'o')).toBeUndefined();
    expect(o.check({ a: 1, b: 'x' }, 'o')).toBeUndefined();
    expect(o.check({}, 'o')).toBe('o.a is required');
    expect(o.check({ a: 1, password: 'x' }, 'o')).toBe('o has an unknown field "password"');
    expect(o.check([], 'o')).toBe('o must be an object');
    expect(o.check(null, 'o')).toBe('o must be an object');
    // Not a plain object: a Date or a class instance smuggles a prototype.
    expect(o.check(new Date(), 'o')).toBe('o must be an object');
  });

  it('picks the variant by its tag', () => {
    const v = variant('kind', {
      a: object({ kind: literal('a'), n: integer() }),
      b: object({ kind: literal('b') }),
    });
    expect(v.check({ kind: 'a', n: 1 }, 'v')).toBeUndefined();
    expect(v.check({ kind: 'b' }, 'v')).toBeUndefined();
    expect(v.check({ kind: 'b', n: 1 }, 'v')).toBe('v has an unknown field "n"');
    expect(v.check({ kind: 'c' }, 'v')).toBe('v.kind must be one of "a", "b"');
    expect(v.check({ kind: 'toString' }, 'v')).toBe('v.kind must be one of "a", "b"');
  });

  it('takes no argument as undefined or null only', () => {
    expect(validate(none, undefined)).toBe(true);
    expect(validate(none, null)).toBe(true);
    expect(none.check({}, 'argument')).toBe('argument must be empty: this request takes no argument');
  });

  it('never throws and never repeats the value it refused', () => {
    const s = object({ accountId: string({ max: 10 }), password: string({ min: 1, max: 20 }) });
    fc.assert(
      fc.property(fc.anything(), fc.string({ minLength: 8 }), (junk, raw) => {
        const secret = `§${raw}§`; // Marked, so it cannot coincide with a message's own words.
        for (const value of [
          junk,
          { accountId: secret, password: junk },
          { accountId: 'a', password: secret + secret + secret },
        ]) {
          const problem = s.check(value, 'argument');
          if (problem !== undefined) expect(problem).not.toContain(secret);
        }
      }),
      { numRuns: 300 },
    );
  });
});
