import { describe, expect, it } from 'vitest';
import { MailwrightError } from '../model/errors';
import {
  astring,
  encodeMailboxName,
  expandSequenceSet,
  list,
  literal,
  mailbox,
  qstring,
  raw,
  sequenceSet,
  serializeCommand,
} from './serialize';

const wire = (c: { parts: Buffer[] }): string[] => c.parts.map((p) => p.toString('utf8'));

describe('serializeCommand', () => {
  it('picks atom, quoted string or literal', () => {
    expect(wire(serializeCommand('a1', 'LOGIN', [astring('alice'), astring('p"w\\d x')]))).toEqual([
      'a1 LOGIN alice "p\\"w\\\\d x"\r\n',
    ]);
    expect(wire(serializeCommand('a2', 'LOGIN', [astring('bob'), astring('two\r\nlines')]))).toEqual([
      'a2 LOGIN bob {10}\r\n',
      'two\r\nlines\r\n',
    ]);
    expect(wire(serializeCommand('a3', 'SELECT', [astring('')]))).toEqual(['a3 SELECT ""\r\n']);
    expect(wire(serializeCommand('a4', 'SELECT', [astring('NIL')]))).toEqual(['a4 SELECT "NIL"\r\n']);
    expect(wire(serializeCommand('a5', 'X', [qstring('atomish')]))).toEqual(['a5 X "atomish"\r\n']);
    // 8-bit text is a literal unless UTF8=ACCEPT is on.
    expect(wire(serializeCommand('a6', 'X', [astring('é')]))).toEqual(['a6 X {2}\r\n', 'é\r\n']);
    expect(wire(serializeCommand('a6', 'X', [astring('é')], { utf8: true }))).toEqual(['a6 X "é"\r\n']);
  });

  it('uses non-synchronising literals with LITERAL+ and LITERAL- (≤ 4096 bytes)', () => {
    const small = Buffer.from('a\r\nb');
    const big = Buffer.alloc(5000, 0x61);
    expect(
      wire(serializeCommand('t', 'APPEND', [mailbox('INBOX'), literal(small)], { literalPlus: true })),
    ).toEqual(['t APPEND INBOX {4+}\r\na\r\nb\r\n']);
    expect(serializeCommand('t', 'APPEND', [literal(small)], { literalMinus: true }).parts).toHaveLength(1);
    expect(serializeCommand('t', 'APPEND', [literal(big)], { literalMinus: true }).parts).toHaveLength(2);
    expect(serializeCommand('t', 'APPEND', [literal(big)], { literalPlus: true }).parts).toHaveLength(1);
  });

  it('writes lists and mailbox names in modified UTF-7 or UTF-8', () => {
    expect(
      wire(serializeCommand('a', 'STATUS', [mailbox('日本語'), list(raw('MESSAGES'), raw('UNSEEN'))])),
    ).toEqual(['a STATUS &ZeVnLIqe- (MESSAGES UNSEEN)\r\n']);
    expect(wire(serializeCommand('a', 'CREATE', [mailbox('Work/A&B x')]))).toEqual([
      'a CREATE "Work/A&-B x"\r\n',
    ]);
    expect(wire(serializeCommand('a', 'CREATE', [mailbox('日本語')], { utf8: true }))).toEqual([
      'a CREATE "日本語"\r\n',
    ]);
    expect(encodeMailboxName('inbox', false)).toBe('INBOX');
  });

  it('refuses CR, LF and NUL where they would break the line', () => {
    const refuse = (f: () => unknown) => {
      let caught: unknown;
      try {
        f();
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(MailwrightError);
      expect((caught as MailwrightError).kind).toBe('bad-input');
    };
    refuse(() => serializeCommand('a', 'X', [raw('1\r\na2 DELETE INBOX')]));
    refuse(() => serializeCommand('a', 'X\r\n', []));
    refuse(() => serializeCommand('a b', 'X', []));
    refuse(() => serializeCommand('a+', 'X', []));
    refuse(() => serializeCommand('a', 'X', [astring('nul\0byte')]));
    refuse(() => serializeCommand('a', 'CREATE', [mailbox('evil\r\nname')]));
    refuse(() => serializeCommand('a', 'CREATE', [mailbox('\ud800')]));
  });
});

describe('sequence sets', () => {
  it('compresses runs and expands back', () => {
    expect(sequenceSet([5, 1, 2, 3, 9, 10, 3])).toBe('1:3,5,9:10');
    expect(sequenceSet([42])).toBe('42');
    expect(expandSequenceSet('1:3,5,10:9')).toEqual([1, 2, 3, 5, 9, 10]);
    expect(() => sequenceSet([])).toThrow(MailwrightError);
    expect(() => sequenceSet([0])).toThrow(MailwrightError);
    expect(() => expandSequenceSet('1:*')).toThrow(MailwrightError);
    expect(() => expandSequenceSet('1:5000000')).toThrow(MailwrightError);
  });
});
