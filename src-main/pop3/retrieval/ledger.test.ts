import Database from 'better-sqlite3';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Ledger, readSourceIds, type LedgerRow } from './ledger';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mw-ledger-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const row = (uid: string, over: Partial<LedgerRow> = {}): LedgerRow => ({
  uid,
  state: 'kept',
  firstSeen: 1000,
  maildirId: `m-${uid}`,
  size: 10,
  headersOnly: false,
  ...over,
});

describe('Ledger', () => {
  it('persists rows per account, across reopening, with user_version set', () => {
    const path = join(dir, 'l.sqlite');
    const a = Ledger.open(path, 'a@h');
    a.putMany([row('1'), row('2', { state: 'delete-pending', headersOnly: true })]);
    a.close();
    const b = Ledger.open(path, 'b@h');
    b.put(row('1', { maildirId: 'other' }));
    b.close();
    const again = Ledger.open(path, 'a@h');
    expect([...again.all().values()]).toEqual([
      row('1'),
      row('2', { state: 'delete-pending', headersOnly: true }),
    ]);
    again.setState(['1', '2'], 'deleted');
    expect(again.get('2')?.state).toBe('deleted');
    again.remove(['1']);
    expect(again.get('1')).toBeUndefined();
    again.close();
    const db = new Database(path, { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    db.close();
  });

  it('writes a batch all or nothing (a bad row rolls back the rows before it)', () => {
    const l = Ledger.open(join(dir, 'l.sqlite'), 'a@h');
    expect(() => l.putMany([row('1'), row('2', { state: 'bogus' as LedgerRow['state'] })])).toThrow();
    expect(l.all().size).toBe(0);
    l.close();
  });

  it('refuses a ledger from a newer Mailwright instead of guessing', () => {
    const path = join(dir, 'l.sqlite');
    const db = new Database(path);
    db.pragma('user_version = 99');
    db.close();
    expect(() => Ledger.open(path, 'a@h')).toThrow(expect.objectContaining({ kind: 'internal' }));
  });

  it('maps Maildir ids to server ids for the index, skipping unfinished writes', () => {
    const path = join(dir, 'l.sqlite');
    const l = Ledger.open(path, 'a@h');
    l.putMany([row('u1'), row('u2', { state: 'storing' })]);
    l.close();
    expect(readSourceIds(path)).toEqual(new Map([['m-u1', 'u1']]));
  });
});
