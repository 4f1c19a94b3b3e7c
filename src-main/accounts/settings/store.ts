/**
 * The accounts of one profile, kept in the profile's settings file
 * (`<profile>/settings.json`): `{ "version": 1, "accounts": [...] }`. Other top-level keys
 * are left as they are, so other parts of the app may keep their own sections there.
 *
 * Every change re-reads the file, validates it, applies the change and writes the whole
 * file atomically (temp + fsync + rename). Changes from one process are serialised; the
 * re-read keeps a second process's earlier change instead of overwriting it with a stale
 * copy. Ids are made once, at add, and never change. No password ever reaches this file:
 * validation refuses any key that looks like one.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Account, AccountId, AccountSettings } from '../../model/account';
import { MailwrightError } from '../../model/errors';
import { writeFileAtomic } from './atomic-write';
import { validateAccount, validateAccountSettings } from './validate';

export const SETTINGS_FILE_NAME = 'settings.json';
export const SETTINGS_VERSION = 1;

interface SettingsFile {
  version: number;
  accounts: Account[];
  /** Sections owned by other parts of the app, kept untouched. */
  rest: Record<string, unknown>;
}

export class AccountStore {
  readonly file: string;
  private readonly profileDir: string;
  /** The tail of the change queue: one read-modify-write at a time within this process. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(profileDir: string) {
    this.profileDir = profileDir;
    this.file = join(profileDir, SETTINGS_FILE_NAME);
  }

  async list(): Promise<Account[]> {
    return (await this.read()).accounts;
  }

  /** The account with this id; a 'not-found' error when there is none. */
  async get(id: AccountId): Promise<Account> {
    const found = (await this.list()).find((a) => a.id === id);
    if (found === undefined) throw notFound(id);
    return found;
  }

  /** By id, or by address (case-insensitive): what a person types on the command line. */
  async find(idOrAddress: string): Promise<Account> {
    const accounts = await this.list();
    const wanted = idOrAddress.toLowerCase();
    const found =
      accounts.find((a) => a.id === idOrAddress) ?? accounts.find((a) => a.address.toLowerCase() === wanted);
    if (found === undefined) throw notFound(idOrAddress);
    return found;
  }

  /** Validates and stores new settings under a fresh id; one account per address. */
  async add(settings: unknown): Promise<Account> {
    const valid = validateAccountSettings(settings);
    return this.change((file) => {
      const same = file.accounts.find((a) => a.address.toLowerCase() === valid.address.toLowerCase());
      if (same !== undefined) {
        throw new MailwrightError(
          'bad-input',
          `An account for ${valid.address} already exists (id ${same.id}); remove it first or change it instead.`,
          { code: 'ACCOUNT_EXISTS' },
        );
      }
      const account: Account = { id: randomUUID(), ...valid };
      file.accounts.push(account);
      return account;
    });
  }

  /** Replaces an account's settings; its id stays. */
  async update(id: AccountId, settings: unknown): Promise<Account> {
    const valid: AccountSettings = validateAccountSettings(settings);
    return this.change((file) => {
      const index = file.accounts.findIndex((a) => a.id === id);
      if (index < 0) throw notFound(id);
      const clash = file.accounts.find(
        (a) => a.id !== id && a.address.toLowerCase() === valid.address.toLowerCase(),
      );
      if (clash !== undefined) {
        throw new MailwrightError(
          'bad-input',
          `Another account (id ${clash.id}) already uses ${valid.address}; pick another address.`,
          { code: 'ACCOUNT_EXISTS' },
        );
      }
      const account: Account = { id, ...valid };
      file.accounts[index] = account;
      return account;
    });
  }

  /** Removes the account and returns what it was. */
  remove(id: AccountId): Promise<Account> {
    return this.change((file) => {
      const index = file.accounts.findIndex((a) => a.id === id);
      if (index < 0) throw notFound(id);
      return file.accounts.splice(index, 1)[0]!;
    });
  }

  private change<T>(apply: (file: SettingsFile) => T): Promise<T> {
    const run = this.queue.then(async () => {
      const file = await this.read();
      const result = apply(file);
      await this.write(file);
      return result;
    });
    // A failed change must not block the next one.
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async read(): Promise<SettingsFile> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT')
        return { version: SETTINGS_VERSION, accounts: [], rest: {} };
      throw new MailwrightError(
        'internal',
        `The settings file ${this.file} cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)}); check its permissions.`,
        { cause: e },
      );
    }
    return parseSettingsFile(text, this.file);
  }

  private async write(file: SettingsFile): Promise<void> {
    await mkdir(this.profileDir, { recursive: true, mode: 0o700 });
    const body = { ...file.rest, version: file.version, accounts: file.accounts };
    await writeFileAtomic(this.file, `${JSON.stringify(body, null, 2)}\n`);
  }
}

/** Pure: the file's text → its accounts (validated) and the sections we keep untouched. */
export function parseSettingsFile(text: string, where: string): SettingsFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new MailwrightError(
      'bad-input',
      `The settings file ${where} is not valid JSON (${(e as Error).message}); fix it or move it away.`,
      { code: 'INVALID_SETTINGS_FILE' },
    );
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new MailwrightError(
      'bad-input',
      `The settings file ${where} must hold a JSON object; fix it or move it away.`,
      { code: 'INVALID_SETTINGS_FILE' },
    );
  }
  const { version, accounts, ...rest } = json as Record<string, unknown>;
  if (version !== undefined && version !== SETTINGS_VERSION) {
    throw new MailwrightError(
      'bad-input',
      `The settings file ${where} has version ${JSON.stringify(version)}, which this Mailwright does not know; use a newer Mailwright.`,
      { code: 'SETTINGS_VERSION' },
    );
  }
  if (accounts !== undefined && !Array.isArray(accounts)) {
    throw new MailwrightError(
      'bad-input',
      `The settings file ${where} has "accounts" that is not a list; fix it or move it away.`,
      { code: 'INVALID_SETTINGS_FILE' },
    );
  }
  const list: Account[] = [];
  for (const [i, raw] of (accounts ?? []).entries()) {
    try {
      list.push(validateAccount(raw));
    } catch (e) {
      if (!(e instanceof MailwrightError)) throw e;
      throw new MailwrightError(
        'bad-input',
        `Account ${i + 1} in the settings file ${where} is invalid: ${lowerFirst(e.message)}`,
        { code: 'INVALID_SETTINGS_FILE', cause: e },
      );
    }
  }
  const ids = new Set<string>();
  for (const a of list) {
    if (ids.has(a.id))
      throw new MailwrightError(
        'bad-input',
        `The settings file ${where} holds two accounts with the id ${a.id}; remove one of them.`,
        { code: 'INVALID_SETTINGS_FILE' },
      );
    ids.add(a.id);
  }
  return { version: SETTINGS_VERSION, accounts: list, rest };
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

function notFound(what: string): MailwrightError {
  return new MailwrightError(
    'not-found',
    `There is no account ${what}; check the account id or address (the account list shows them).`,
    { code: 'NO_SUCH_ACCOUNT' },
  );
}
