/**
 * Where account passwords live. Two kinds, one interface:
 * - the OS keychain (keytar: service "Mailwright", one entry per account and server,
 *   named "ACCOUNTID:imap" / ":pop3" / ":smtp"), see keychain.ts;
 * - "ask for the password each session": a plain in-memory map owned by this process,
 *   for machines with no reachable keychain. It is never written anywhere.
 * There is deliberately no third kind: passwords never go to a file.
 */
import type { AccountId } from '../../model/account';

/** Which of an account's servers a password is for. */
export type ServerRole = 'imap' | 'pop3' | 'smtp';

export const SERVER_ROLES: readonly ServerRole[] = ['imap', 'pop3', 'smtp'];

export const KEYCHAIN_SERVICE = 'Mailwright';

/** The keychain entry's account name: "ACCOUNTID:imap". */
export function secretName(accountId: AccountId, role: ServerRole): string {
  return `${accountId}:${role}`;
}

export interface SecretStore {
  /** 'keychain': survives restarts. 'session': forgotten when the process ends. */
  readonly kind: 'keychain' | 'session';
  /** The password, or undefined when none is stored (the caller then asks the person). */
  get(accountId: AccountId, role: ServerRole): Promise<string | undefined>;
  set(accountId: AccountId, role: ServerRole, password: string): Promise<void>;
  /** Forgets one server's password, or all of the account's when `role` is omitted. */
  delete(accountId: AccountId, role?: ServerRole): Promise<void>;
}

/** "Ask for the password each session": memory only, this process only. */
export class SessionSecretStore implements SecretStore {
  readonly kind = 'session' as const;
  readonly #passwords = new Map<string, string>();

  get(accountId: AccountId, role: ServerRole): Promise<string | undefined> {
    return Promise.resolve(this.#passwords.get(secretName(accountId, role)));
  }

  set(accountId: AccountId, role: ServerRole, password: string): Promise<void> {
    this.#passwords.set(secretName(accountId, role), password);
    return Promise.resolve();
  }

  delete(accountId: AccountId, role?: ServerRole): Promise<void> {
    for (const r of role === undefined ? SERVER_ROLES : [role])
      this.#passwords.delete(secretName(accountId, r));
    return Promise.resolve();
  }

  /** Keeps the map out of console.log / util.inspect / JSON output by construction. */
  toJSON(): { kind: 'session'; entries: number } {
    return { kind: 'session', entries: this.#passwords.size };
  }
}
