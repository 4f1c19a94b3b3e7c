/**
 * keytar against a real Secret Service, and the two real ways it is missing.
 *
 * The "real keychain" block needs a D-Bus session with an unlocked gnome-keyring; run it as
 *   bash e2e/support/with-keyring.sh
 * (it starts a throwaway session and runs this file). Run plainly, that block SKIPS, saying
 * why; the "no keychain" block always runs: it starts child processes without a bus, and
 * with a bus but no unlocked keyring, and checks the clear 'keychain' error and the
 * session store.
 */
import { execFile, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { KeychainSecretStore, openSecretStore, type KeytarLike } from './keychain';
import { KEYCHAIN_SERVICE } from './secret-store';

const hasBus = (process.env.DBUS_SESSION_BUS_ADDRESS ?? '') !== '';
const hasDbusRunSession = spawnSync('dbus-run-session', ['--version']).status === 0;
const child = fileURLToPath(new URL('./testing/keychain-child.ts', import.meta.url));
const root = fileURLToPath(new URL('../../..', import.meta.url));

interface ChildReport {
  kind: 'keychain' | 'session';
  problem?: { kind: string; message: string; code?: string; serverText?: string };
  roundTrip: boolean;
}

function runChild(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<ChildReport> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { cwd: root, env, timeout: 30_000 }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`${command} failed: ${err.message}\n${stderr}`));
      const line = stdout.trim().split('\n').pop() ?? '';
      try {
        resolve(JSON.parse(line) as ChildReport);
      } catch {
        reject(new Error(`no JSON from the child: ${stdout}\n${stderr}`));
      }
    });
  });
}

/** The environment without any way to reach a bus or an X server. */
function busless(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.DBUS_SESSION_BUS_ADDRESS;
  delete env.DISPLAY;
  delete env.WAYLAND_DISPLAY;
  delete env.GNOME_KEYRING_CONTROL;
  return env;
}

describe('no keychain reachable', () => {
  const scratch: string[] = [];
  afterAll(async () => {
    for (const d of scratch) await rm(d, { recursive: true, force: true });
  });

  it('without a D-Bus session: a clear keychain error, and the session store works', async () => {
    const report = await runChild(process.execPath, ['--import', 'tsx', child], busless());
    expect(report.kind).toBe('session');
    expect(report.problem).toMatchObject({
      kind: 'keychain',
      code: 'KEYCHAIN_NO_BUS',
      message:
        'No system keychain is available (no D-Bus session is running): Mailwright can ask for the password each session instead.',
    });
    expect(report.problem?.serverText).toContain('Cannot autolaunch D-Bus');
    expect(report.roundTrip).toBe(true);
  });

  it.skipIf(!hasDbusRunSession)(
    'with a bus but no unlocked keyring: a clear keychain error, and the session store works (skipped without dbus-run-session: apt install dbus gnome-keyring)',
    async () => {
      // A fresh bus where the Secret Service is only D-Bus-activated (locked, no prompter):
      // keytar then fails with "Object does not exist at path .../collection/login".
      const dir = await mkdtemp(join(tmpdir(), 'mailwright-nokeyring-'));
      scratch.push(dir);
      const env = {
        ...busless(),
        XDG_DATA_HOME: join(dir, 'data'),
        XDG_RUNTIME_DIR: dir,
        XDG_CACHE_HOME: join(dir, 'cache'),
        XDG_CONFIG_HOME: join(dir, 'config'),
      };
      const report = await runChild(
        'dbus-run-session',
        ['--', process.execPath, '--import', 'tsx', child],
        env,
      );
      expect(report.kind).toBe('session');
      expect(report.problem).toMatchObject({ kind: 'keychain', code: 'KEYCHAIN_LOCKED' });
      expect(report.problem?.message).toMatch(
        /^No system keychain is available \(.+\): Mailwright can ask for the password each session instead\.$/,
      );
      expect(report.problem?.serverText).toContain('collection/login');
      expect(report.roundTrip).toBe(true);
    },
  );
});

describe.skipIf(!hasBus)(
  'real Secret Service (skipped: DBUS_SESSION_BUS_ADDRESS is unset; run `bash e2e/support/with-keyring.sh`)',
  () => {
    const raw = createRequire(import.meta.url)('keytar') as KeytarLike;
    // Random ids: on a developer's own keyring this can never touch a real account's entry.
    const id = `test-${randomUUID()}`;
    afterAll(async () => {
      for (const role of ['imap', 'pop3', 'smtp'])
        await raw.deletePassword(KEYCHAIN_SERVICE, `${id}:${role}`);
    });

    it('openSecretStore picks the keychain', async () => {
      const opened = await openSecretStore();
      expect(opened.keychainProblem).toBeUndefined();
      expect(opened.store.kind).toBe('keychain');
    });

    it('stores one entry per account and server under service "Mailwright", named ID:server', async () => {
      const store = new KeychainSecretStore();
      await store.set(id, 'imap', 'pässwörd-imap ✓');
      await store.set(id, 'smtp', 'smtp-secret');
      expect(await raw.getPassword(KEYCHAIN_SERVICE, `${id}:imap`)).toBe('pässwörd-imap ✓');
      expect(await raw.getPassword(KEYCHAIN_SERVICE, `${id}:smtp`)).toBe('smtp-secret');
      expect(await store.get(id, 'imap')).toBe('pässwörd-imap ✓');
      expect(await store.get(id, 'pop3')).toBeUndefined();
    });

    it('overwrites and deletes, one server or all of an account', async () => {
      const store = new KeychainSecretStore();
      await store.set(id, 'imap', 'first');
      await store.set(id, 'imap', 'second');
      expect(await store.get(id, 'imap')).toBe('second');
      await store.set(id, 'smtp', 'smtp-secret');
      await store.delete(id, 'imap');
      expect(await store.get(id, 'imap')).toBeUndefined();
      expect(await store.get(id, 'smtp')).toBe('smtp-secret');
      await store.delete(id);
      expect(await store.get(id, 'smtp')).toBeUndefined();
      expect(await raw.getPassword(KEYCHAIN_SERVICE, `${id}:smtp`)).toBeNull();
    });

    it('a second store (another process start) sees what the first stored', async () => {
      await new KeychainSecretStore().set(id, 'pop3', 'persisted');
      expect(await new KeychainSecretStore().get(id, 'pop3')).toBe('persisted');
    });
  },
);
