import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MailwrightError } from '../../model/errors';
import { imapSettings } from './fixtures';
import { AccountStore, parseSettingsFile } from './store';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mailwright-accounts-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function rejection(p: Promise<unknown>): Promise<MailwrightError> {
  const e: unknown = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(MailwrightError);
  return e as MailwrightError;
}

describe('AccountStore', () => {
  it('starts empty without a file, and creates the profile folder on first write', async () => {
    const profile = join(dir, 'new', 'profile');
    const store = new AccountStore(profile);
    expect(await store.list()).toEqual([]);
    const a = await store.add(imapSettings());
    expect((await stat(store.file)).isFile()).toBe(true);
    expect(await store.list()).toEqual([a]);
  });

  it('adds several accounts with stable ids that survive a reopen and other changes', async () => {
    const store = new AccountStore(dir);
    const a = await store.add(imapSettings());
    const b = await store.add(imapSettings({ address: 'bob@example.test', displayName: 'Bob' }));
    expect(a.id).not.toBe(b.id);
    const reopened = new AccountStore(dir);
    expect((await reopened.list()).map((x) => x.id)).toEqual([a.id, b.id]);
    const updated = await reopened.update(a.id, imapSettings({ displayName: 'Alice L.' }));
    expect(updated.id).toBe(a.id);
    expect((await store.get(a.id)).displayName).toBe('Alice L.');
    await store.remove(b.id);
    expect((await store.list()).map((x) => x.id)).toEqual([a.id]);
  });

  it('finds by id or address, case-insensitively for the address', async () => {
    const store = new AccountStore(dir);
    const a = await store.add(imapSettings());
    expect((await store.find(a.id)).id).toBe(a.id);
    expect((await store.find('ALICE@example.test')).id).toBe(a.id);
    const e = await rejection(store.find('nobody@example.test'));
    expect(e.kind).toBe('not-found');
    expect((await rejection(store.remove('nope'))).kind).toBe('not-found');
    expect((await rejection(store.update('nope', imapSettings()))).kind).toBe('not-found');
  });

  it('refuses a second account for the same address, and an update onto another account’s address', async () => {
    const store = new AccountStore(dir);
    await store.add(imapSettings());
    const b = await store.add(imapSettings({ address: 'bob@example.test' }));
    expect((await rejection(store.add(imapSettings({ address: 'Alice@Example.test' })))).code).toBe(
      'ACCOUNT_EXISTS',
    );
    expect((await rejection(store.update(b.id, imapSettings()))).code).toBe('ACCOUNT_EXISTS');
    expect(await store.list()).toHaveLength(2);
  });

  it('validates before writing: an invalid add leaves the file as it was', async () => {
    const store = new AccountStore(dir);
    await store.add(imapSettings());
    const before = await readFile(store.file, 'utf8');
    const e = await rejection(
      store.add({ ...imapSettings({ address: 'x@example.test' }), password: 'hunter2' }),
    );
    expect(e.kind).toBe('bad-input');
    expect(await readFile(store.file, 'utf8')).toBe(before);
    expect(before).not.toContain('hunter2');
  });

  it('serialises concurrent changes from one process (none lost)', async () => {
    const store = new AccountStore(dir);
    const adds = Array.from({ length: 20 }, (_, i) =>
      store.add(imapSettings({ address: `u${i}@example.test` })),
    );
    await Promise.all(adds);
    expect(await new AccountStore(dir).list()).toHaveLength(20);
  });

  it('leaves no temporary file behind and writes the file owner-only', async () => {
    const store = new AccountStore(dir);
    await store.add(imapSettings());
    await store.add(imapSettings({ address: 'b@example.test' }));
    expect(await readdir(dir)).toEqual(['settings.json']);
    if (process.platform !== 'win32') expect((await stat(store.file)).mode & 0o777).toBe(0o600);
  });

  it('keeps other sections of the settings file untouched', async () => {
    await writeFile(join(dir, 'settings.json'), JSON.stringify({ version: 1, ui: { theme: 'dark' } }));
    const store = new AccountStore(dir);
    await store.add(imapSettings());
    const json = JSON.parse(await readFile(store.file, 'utf8')) as Record<string, unknown>;
    expect(json.ui).toEqual({ theme: 'dark' });
    expect(json.version).toBe(1);
    expect(json.accounts).toHaveLength(1);
  });

  it('reports a broken file in one sentence naming the file, and changes nothing', async () => {
    await writeFile(join(dir, 'settings.json'), '{"accounts": [');
    const store = new AccountStore(dir);
    const e = await rejection(store.list());
    expect(e.kind).toBe('bad-input');
    expect(e.message).toContain(join(dir, 'settings.json'));
    expect((await rejection(store.add(imapSettings()))).code).toBe('INVALID_SETTINGS_FILE');
    expect(await readFile(join(dir, 'settings.json'), 'utf8')).toBe('{"accounts": [');
  });
});

describe('parseSettingsFile', () => {
  it('names the broken account and the setting', () => {
    const text = JSON.stringify({
      version: 1,
      accounts: [
        { id: 'a', ...imapSettings() },
        { id: 'b', ...imapSettings({ address: 'b@example.test', syncIntervalMinutes: -5 }) },
      ],
    });
    expect(() => parseSettingsFile(text, 'F')).toThrow(
      /^Account 2 in the settings file F is invalid: the setting syncIntervalMinutes/,
    );
  });

  it('refuses duplicate ids, an unknown version and accounts that are not a list', () => {
    const dup = JSON.stringify({
      accounts: [
        { id: 'a', ...imapSettings() },
        { id: 'a', ...imapSettings() },
      ],
    });
    expect(() => parseSettingsFile(dup, 'F')).toThrow(/two accounts with the id a/);
    expect(() => parseSettingsFile('{"version": 2}', 'F')).toThrow(/version 2/);
    expect(() => parseSettingsFile('{"accounts": {}}', 'F')).toThrow(/not a list/);
    expect(() => parseSettingsFile('[]', 'F')).toThrow(/JSON object/);
  });

  it('reads an empty object as no accounts', () => {
    expect(parseSettingsFile('{}', 'F')).toEqual({ version: 1, accounts: [], rest: {} });
  });
});
