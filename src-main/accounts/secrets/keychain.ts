/**
 * Passwords in the OS keychain through keytar (macOS Keychain, Windows Credential Vault,
 * the Secret Service on Linux). keytar is loaded on first use, so a machine where the
 * native module cannot load still runs everything else and gets a clear 'keychain' error.
 *
 * On Linux the keychain is often simply not there (no D-Bus session bus, or a bus with no
 * unlocked keyring); keychainError turns keytar's raw messages into one sentence that says
 * so and offers the session store. There is no fallback to a file, ever.
 */
import { createRequire } from 'node:module';
import type { AccountId } from '../../model/account';
import { MailwrightError } from '../../model/errors';
import {
  KEYCHAIN_SERVICE,
  SERVER_ROLES,
  SessionSecretStore,
  secretName,
  type SecretStore,
  type ServerRole,
} from './secret-store';

/** The part of keytar we use; tests of the error mapping may hand in their own. */
export interface KeytarLike {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
  findCredentials(service: string): Promise<Array<{ account: string; password: string }>>;
}

/** The marker entry check() writes and removes again. */
const CHECK_ENTRY = 'mailwright-keychain-check';

const OFFER = 'Mailwright can ask for the password each session instead.';

/** keytar's (libsecret's, D-Bus's) raw failure → a 'keychain' MailwrightError. */
export function keychainError(e: unknown): MailwrightError {
  if (e instanceof MailwrightError) return e;
  const raw = e instanceof Error ? e.message : String(e);
  // No session bus: libdbus tries X11 autolaunch and gives up (TOOLCHAIN.md), or cannot connect.
  if (
    /autolaunch|DBUS_SESSION_BUS_ADDRESS|dbus-launch|Could not connect|Failed to connect to socket/i.test(raw)
  ) {
    return new MailwrightError(
      'keychain',
      `No system keychain is available (no D-Bus session is running): ${OFFER}`,
      {
        code: 'KEYCHAIN_NO_BUS',
        serverText: raw,
        cause: e,
      },
    );
  }
  // A bus, but no Secret Service keyring that is there and unlocked.
  if (
    /Object does not exist at path|collection\/login|No such secret collection|is locked|ServiceUnknown|org\.freedesktop\.secrets|prompt|cancel/i.test(
      raw,
    )
  ) {
    return new MailwrightError(
      'keychain',
      `No system keychain is available (no unlocked keyring answers on D-Bus): ${OFFER}`,
      { code: 'KEYCHAIN_LOCKED', serverText: raw, cause: e },
    );
  }
  if (/Cannot find module|keytar\.node|was compiled against|invalid ELF|dlopen/i.test(raw)) {
    return new MailwrightError(
      'keychain',
      `No system keychain is available (the keychain module cannot be loaded): ${OFFER}`,
      { code: 'KEYCHAIN_MODULE', serverText: raw, cause: e },
    );
  }
  return new MailwrightError('keychain', `The system keychain refused the request: ${OFFER}`, {
    code: 'KEYCHAIN_FAILED',
    serverText: raw,
    cause: e,
  });
}

function loadKeytar(): KeytarLike {
  try {
    return createRequire(import.meta.url)('keytar') as KeytarLike;
  } catch (e) {
    throw keychainError(e);
  }
}

export class KeychainSecretStore implements SecretStore {
  readonly kind = 'keychain' as const;
  #keytar: KeytarLike | undefined;
  readonly #service: string;

  /** `service` other than "Mailwright" only for tests that must not touch real entries. */
  constructor(options: { keytar?: KeytarLike; service?: string } = {}) {
    this.#keytar = options.keytar;
    this.#service = options.service ?? KEYCHAIN_SERVICE;
  }

  private async call<T>(body: (k: KeytarLike) => Promise<T>): Promise<T> {
    this.#keytar ??= loadKeytar();
    try {
      return await body(this.#keytar);
    } catch (e) {
      throw keychainError(e);
    }
  }

  /**
   * Throws the 'keychain' error when the keychain cannot be used. A read is not enough: a
   * locked Secret Service answers lookups (with nothing) and refuses only writes, so this
   * writes and removes a marker entry holding no secret.
   */
  async check(): Promise<void> {
    await this.call(async (k) => {
      await k.setPassword(this.#service, CHECK_ENTRY, 'reachability check, not a password');
      await k.deletePassword(this.#service, CHECK_ENTRY);
    });
  }

  async get(accountId: AccountId, role: ServerRole): Promise<string | undefined> {
    const value = await this.call((k) => k.getPassword(this.#service, secretName(accountId, role)));
    return value ?? undefined;
  }

  async set(accountId: AccountId, role: ServerRole, password: string): Promise<void> {
    if (password === '')
      throw new MailwrightError('bad-input', 'The password is empty; enter the password for this account.');
    await this.call((k) => k.setPassword(this.#service, secretName(accountId, role), password));
  }

  async delete(accountId: AccountId, role?: ServerRole): Promise<void> {
    for (const r of role === undefined ? SERVER_ROLES : [role])
      await this.call((k) => k.deletePassword(this.#service, secretName(accountId, r)));
  }
}

export interface OpenedSecretStore {
  store: SecretStore;
  /** Set when the keychain was not reachable and the session store stands in. */
  keychainProblem?: MailwrightError;
}

/**
 * The keychain when it answers, else the session store together with the reason, for the
 * service to show ("No system keychain is available (...): Mailwright can ask ...").
 */
export async function openSecretStore(
  options: { keytar?: KeytarLike; service?: string } = {},
): Promise<OpenedSecretStore> {
  const keychain = new KeychainSecretStore(options);
  try {
    await keychain.check();
    return { store: keychain };
  } catch (e) {
    const problem = keychainError(e);
    return { store: new SessionSecretStore(), keychainProblem: problem };
  }
}
