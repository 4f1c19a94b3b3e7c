import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { apopTimestamp, parseCapa, parseList, parseStat, parseUidl } from './parse';

const b = (s: string) => Buffer.from(s);

describe('POP3 response parsers', () => {
  it('STAT', () => {
    expect(parseStat('2 320')).toEqual({ count: 2, size: 320 });
    expect(parseStat('0 0 extra words')).toEqual({ count: 0, size: 0 });
    expect(() => parseStat('two 320')).toThrow(expect.objectContaining({ kind: 'protocol' }));
  });

  it('LIST and UIDL bodies, empty ones too', () => {
    expect(parseList(b('1 120\r\n2 200\r\n'))).toEqual([
      { n: 1, size: 120 },
      { n: 2, size: 200 },
    ]);
    expect(parseList(b(''))).toEqual([]);
    expect(parseUidl(b('1 abc\r\n2 a:b~c\r\n'))).toEqual([
      { n: 1, uid: 'abc' },
      { n: 2, uid: 'a:b~c' },
    ]);
    expect(() => parseList(b('x y\r\n'))).toThrow(expect.objectContaining({ kind: 'protocol' }));
  });

  it('refuses a UIDL with a duplicate, an empty, a space-holding or an overlong id', () => {
    for (const body of ['1 a\r\n2 a\r\n', '1 \r\n', '1 a b\r\n', `1 ${'x'.repeat(71)}\r\n`]) {
      expect(() => parseUidl(b(body))).toThrow(expect.objectContaining({ kind: 'protocol' }));
    }
  });

  it('CAPA names are upper-cased with their arguments', () => {
    const caps = parseCapa(b('CAPA\r\nsasl PLAIN LOGIN\r\nPIPELINING\r\nRESP-CODES\r\n'));
    expect(caps.get('SASL')).toEqual(['PLAIN', 'LOGIN']);
    expect(caps.has('PIPELINING')).toBe(true);
    expect(caps.get('CAPA')).toEqual([]);
  });

  it('APOP timestamp from the greeting', () => {
    expect(apopTimestamp('POP3 server ready <1896.697170952@dbc.mtview.ca.us>')).toBe(
      '<1896.697170952@dbc.mtview.ca.us>',
    );
    expect(apopTimestamp('Dovecot ready.')).toBeUndefined();
  });

  it('never throws anything but a typed error on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (u) => {
        for (const parse of [parseList, parseUidl, parseCapa]) {
          try {
            parse(Buffer.from(u));
          } catch (e) {
            expect(e).toMatchObject({ kind: 'protocol' });
          }
        }
      }),
    );
  });
});
