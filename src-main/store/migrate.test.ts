import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate } from './migrate';

let db: Database.Database;
beforeEach(() => {
  db = new Database(':memory:');
});
afterEach(() => {
  db.close();
});

const version = () => db.pragma('user_version', { simple: true }) as number;
const tables = () =>
  (
    db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as {
      name: string;
    }[]
  ).map((r) => r.name);
const TOO_NEW = 'This file was written by a newer Mailwright: update Mailwright.';

describe('migrate', () => {
  it('runs every step on a new file, none again on reopen, and only an appended step later', () => {
    const steps = ['CREATE TABLE a (x)', 'CREATE TABLE b (y)'];
    migrate(db, steps, TOO_NEW);
    expect([version(), tables()]).toEqual([2, ['a', 'b']]);
    migrate(db, steps, TOO_NEW); // would fail ("table a already exists") if rerun
    expect(version()).toBe(2);
    migrate(db, [...steps, 'CREATE TABLE c (z)'], TOO_NEW);
    expect([version(), tables()]).toEqual([3, ['a', 'b', 'c']]);
  });

  it('refuses a file from a newer version with the caller’s sentence, and changes nothing', () => {
    db.pragma('user_version = 5');
    expect(() => migrate(db, ['CREATE TABLE a (x)'], TOO_NEW)).toThrow(
      expect.objectContaining({ kind: 'internal', message: TOO_NEW }),
    );
    expect([version(), tables()]).toEqual([5, []]);
  });

  it('leaves the file as it was when a step fails (one transaction)', () => {
    expect(() => migrate(db, ['CREATE TABLE a (x)', 'NOT SQL AT ALL'], TOO_NEW)).toThrow();
    expect([version(), tables()]).toEqual([0, []]);
  });
});
