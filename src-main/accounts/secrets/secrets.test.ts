import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { MailwrightError } from '../../model/errors';
import { KeychainSecretStore, keychainError, openSecretStore, type KeytarLike } from './keychain';
import { SessionSecretStore, secretName } from './secret-store';

describe('SessionSecretStore ("ask for the password each session")', () => {
  it('keeps one password per account and server, and forgets them on delete', async () => {
    const s = new SessionSecretStore();
    expect(s.kind).toBe('session');
    await s.set('A', 'imap', 'pw-imap');
    await s.set('A', 'smtp', 'pw-smtp');
    await s.set('B', 'imap', 'pw-b');
    expect(await s.get('A', 'imap')).toBe('pw-imap');
    expect(await s.get('A', 'smtp')).toBe('pw-smtp');
    expect(await s.get('A', 'pop3')).toBeUndefined();
    await s.delete('A', 'smtp');
    expect(await s.get('A', 'smtp')).toBeUndefined();
    expect(await s.get('A', 'imap')).toBe('pw-imap');
    await s.delete('A');
    expect(await s.get('A', 'imap')).toBeUndefined();
    expect(await s.get('B', 'imap')).toBe('pw-b');
  });

  it('never shows a password when printed or serialised', async () => {
    const s = new SessionSecretStore();
    await s.set('A', 'imap', 'very-secret-pw');
    expect(JSON.stringify(s)).not.toContain('very-secret-pw');
    expect(inspect(s, { depth: 10, showHidden: true })).not.toContain('very-secret-pw');
  });
});

describe('secretName', () => {
  it('is ACCOUNTID:server', () => {
    expect(secretName('3f2a', 'imap')).toBe('3f2a:imap');
    expect(secretName('3f2a', 'smtp')).toBe('3f2a:smtp');
  });
});

describe('keychainError', () => {
  // The two raw messages are the ones keytar gives on this kind of machine (TOOLCHAIN.md);
  // keychain.int.test.ts produces them for real.
  it('no D-Bus session bus → KEYCHAIN_NO_BUS, one sentence offering the session store', () => {
    const e = keychainError(new Error('Cannot autolaunch D-Bus without X11 $DISPLAY'));
    expect(e.kind).toBe('keychain');
    expect(e.code).toBe('KEYCHAIN_NO_BUS');
    expect(e.message).toBe(
      'No system keychain is available (no D-Bus session is running): Mailwright can ask for the password each session instead.',
    );
    expect(e.serverText).toBe('Cannot autolaunch D-Bus without X11 $DISPLAY');
  });

  it('a bus without an unlocked keyring → KEYCHAIN_LOCKED', () => {
    const raw = 'Object does not exist at path “/org/freedesktop/secrets/collection/login”';
    const e = keychainError(new Error(raw));
    expect(e.kind).toBe('keychain');
    expect(e.code).toBe('KEYCHAIN_LOCKED');
    expect(e.message).toMatch(
      /^No system keychain is available \(.+\): Mailwright can ask for the password each session instead\.$/,
    );
    expect(e.serverText).toBe(raw);
  });

  it('anything else is still a keychain error, with keytar’s words kept apart', () => {
    const e = keychainError('The user name or passphrase you entered is not correct.');
    expect(e.kind).toBe('keychain');
    expect(e.code).toBe('KEYCHAIN_FAILED');
    expect(e.serverText).toBe('The user name or passphrase you entered is not correct.');
    const already = new MailwrightError('bad-input', 'x.');
    expect(keychainError(already)).toBe(already);
  });
});

/**
 * A keytar whose every call fails like keytar on a machine without a Secret Service. A
 * stand-in only for this failure's plumbing (which store openSecretStore picks); the real
 * failures are produced by keychain.int.test.ts.
 */
function failingKeytar(message: string): KeytarLike {
  const fail = () => Promise.reject(new Error(message));
  return { getPassword: fail, setPassword: fail, deletePassword: fail, findCredentials: fail };
}

describe('openSecretStore', () => {
  it('falls back to the session store with the reason when the keychain does not answer', async () => {
    const opened = await openSecretStore({
      keytar: failingKeytar('Cannot autolaunch D-Bus without X11 $DISPLAY'),
    });
    expect(opened.store.kind).toBe('session');
    expect(opened.keychainProblem?.code).toBe('KEYCHAIN_NO_BUS');
  });

  it('KeychainSecretStore refuses an empty password before reaching keytar', async () => {
    const store = new KeychainSecretStore({ keytar: failingKeytar('must not be called') });
    await expect(store.set('A', 'imap', '')).rejects.toMatchObject({ kind: 'bad-input' });
    await expect(store.get('A', 'imap')).rejects.toMatchObject({ kind: 'keychain', code: 'KEYCHAIN_FAILED' });
  });
});
