import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { address, maildirBase, parseUidlist, readMaildirFile } from './env';
import { parseDig } from './wire';

describe('parseUidlist', () => {
  it('reads UID and file name, with and without extension fields, sorted by UID', () => {
    const text = [
      '3 V1795695272 N4 G0d309320a522086b4b59000083ecc375',
      '2 G1767225601.seed-02 :1795695269.M2P1.vm,S=479,W=479',
      '1 :1795695269.M1P1.vm,S=401,W=401',
      '3 G1 X2 :1795695269.M3P1.vm',
      'garbage line',
      '',
    ].join('\n');
    expect(parseUidlist(text)).toEqual([
      { uid: 1, base: '1795695269.M1P1.vm,S=401,W=401' },
      { uid: 2, base: '1795695269.M2P1.vm,S=479,W=479' },
      { uid: 3, base: '1795695269.M3P1.vm' },
    ]);
  });

  it('an empty or header-only file has no entries', () => {
    expect(parseUidlist('')).toEqual([]);
    expect(parseUidlist('3 V1 N1 Gabc\n')).toEqual([]);
  });
});

describe('readMaildirFile', () => {
  it('follows a message Dovecot moved from new/ to cur/ (or renamed with flags) while we looked', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mw-maildir-'));
    try {
      for (const sub of ['cur', 'new', 'tmp']) mkdirSync(join(dir, sub));
      const listed = join(dir, 'new', '1.M1P1.vm,S=5');
      writeFileSync(listed, 'hello');
      expect(readMaildirFile(dir, listed)?.toString()).toBe('hello');
      renameSync(listed, join(dir, 'cur', '1.M1P1.vm,S=5:2,S'));
      expect(readMaildirFile(dir, listed)?.toString()).toBe('hello');
      rmSync(join(dir, 'cur', '1.M1P1.vm,S=5:2,S'));
      expect(readMaildirFile(dir, listed)).toBeUndefined(); // expunged meanwhile
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('maildirBase', () => {
  it('cuts the :2,FLAGS info, keeps a name without one', () => {
    expect(maildirBase('1.M1P1.vm,S=4:2,RS')).toBe('1.M1P1.vm,S=4');
    expect(maildirBase('1.M1P1.vm,S=4')).toBe('1.M1P1.vm,S=4');
  });
});

describe('address', () => {
  it('adds the test domain to a bare name only', () => {
    expect(address('alice')).toBe('alice@example.test');
    expect(address('x@nomx.test')).toBe('x@nomx.test');
  });
});

describe('parseDig', () => {
  it('splits sections, flags and status from dig output', () => {
    const out = [
      ';; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: 1',
      ';; flags: qr aa tc; QUERY: 1, ANSWER: 1, AUTHORITY: 1, ADDITIONAL: 1',
      '',
      ';; QUESTION SECTION:',
      ';example.test.\t\t\tIN\tMX',
      '',
      ';; ANSWER SECTION:',
      'example.test.\t\t60\tIN\tMX\t10 mx1.example.test.',
      '',
      ';; AUTHORITY SECTION:',
      'example.test.\t\t60\tIN\tNS\tns1.example.test.',
      '',
      ';; ADDITIONAL SECTION:',
      'ns1.example.test.\t60\tIN\tA\t127.0.53.3',
      '',
    ].join('\n');
    const r = parseDig(out);
    expect(r.status).toBe('NOERROR');
    expect(r.flags).toEqual(['qr', 'aa', 'tc']);
    expect(r.answer).toEqual(['example.test. 60 IN MX 10 mx1.example.test.']);
    expect(r.authority).toEqual(['example.test. 60 IN NS ns1.example.test.']);
    expect(r.additional).toEqual(['ns1.example.test. 60 IN A 127.0.53.3']);
  });
});
