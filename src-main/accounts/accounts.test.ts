import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Accounts } from './accounts';
import type { KeytarLike } from './secrets/keychain';
import { SessionSecretStore } from './secrets/secret-store';
import { imapSettings } from './settings/fixtures';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mw-accounts-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('Accounts (settings + session passwords)', () => {
  it('add with a password stores it per server that logs in, never in the settings file', async () => {
    const accounts = await Accounts.open(dir, { secrets: new SessionSecretStore() });
    const a = await accounts.add(imapSettings(), 'pw-Ω-123');
    expect(await accounts.password(a.id, 'imap')).toBe('pw-Ω-123');
    expect(await accounts.password(a.id, 'smtp')).toBe('pw-Ω-123');
    expect(await accounts.password(a.id, 'pop3')).toBeUndefined();
    expect(await readFile(join(dir, 'settings.json'), 'utf8')).not.toContain('pw-Ω-123');
    expect(await accounts.list()).toEqual([a]);
  });

  it('direct delivery needs no SMTP password; setPassword can target one server', async () => {
    const accounts = await Accounts.open(dir, { secrets: new SessionSecretStore() });
    const a = await accounts.add(imapSettings({ outgoing: { kind: 'direct' } }), 'pw');
    expect(await accounts.password(a.id, 'smtp')).toBeUndefined();
    await accounts.setPassword(a.id, 'other', 'smtp');
    expect(await accounts.password(a.id, 'smtp')).toBe('other');
    await expect(accounts.setPassword(a.id, '')).rejects.toMatchObject({ kind: 'bad-input' });
  });

  it('remove forgets the passwords too', async () => {
    const accounts = await Accounts.open(dir, { secrets: new SessionSecretStore() });
    const a = await accounts.add(imapSettings(), 'pw');
    await accounts.remove(a.id);
    expect(await accounts.password(a.id, 'imap')).toBeUndefined();
    expect(await accounts.list()).toEqual([]);
  });

  it('without a reachable keychain: the session store, and the reason to show', async () => {
    // Stand-in keytar failing as on a machine without a bus; the real failure is in keychain.int.test.ts.
    const fail = () => Promise.reject(new Error('Cannot autolaunch D-Bus without X11 $DISPLAY'));
    const keytar: KeytarLike = {
      getPassword: fail,
      setPassword: fail,
      deletePassword: fail,
      findCredentials: fail,
    };
    const accounts = await Accounts.open(dir, { keytar });
    expect(accounts.secrets.kind).toBe('session');
    expect(accounts.keychainProblem?.kind).toBe('keychain');
    const a = await accounts.add(imapSettings(), 'pw');
    expect(await accounts.password(a.id, 'imap')).toBe('pw');
  });

  it('when the password cannot be stored, the account is not left behind', async () => {
    const broken = new SessionSecretStore();
    broken.set = () => Promise.reject(new Error('store refused'));
    const accounts = await Accounts.open(dir, { secrets: broken });
    await expect(accounts.add(imapSettings(), 'pw')).rejects.toThrow('store refused');
    expect(await accounts.list()).toEqual([]);
  });
});
