/**
 * The contract between the main process and every renderer: each request channel and
 * each event channel typed ONCE, here. The Electron shell (ipcMain + preload), the
 * browser shell (one WebSocket) and the renderer's client are all derived from these
 * maps, so a channel cannot exist in one place and not another.
 */
import type {
  Account,
  AccountError,
  AccountsChanged,
  AccountSettings,
  AppInfo,
  AppSettings,
  AttachmentContent,
  AutoconfigProposal,
  ComposeDraft,
  ConnectionCheck,
  CountsChanged,
  ErrorInfo,
  Folder,
  FoldersChanged,
  MessageDetail,
  MessageListDiff,
  MessagePage,
  MessagePageRequest,
  MessageRef,
  MessageRefs,
  MessageSummary,
  NewMail,
  OutboxItem,
  PasswordStoreInfo,
  ProtocolLogLine,
  ProtocolLogLines,
  SyncProgress,
  SyncSummary,
} from '../model';
import {
  array,
  boolean,
  integer,
  literal,
  nullable,
  none,
  object,
  optional,
  string,
  variant,
  type Schema,
} from './schema';

/** Declared in the model (the mailbox service takes it too); named here as the contract's. */
export type { MessagePageRequest };

export interface AccountRef {
  accountId: string;
}

/**
 * A password travels this way only, once, to the keychain. The response is null and no
 * error message ever repeats the argument.
 */
export interface SetPasswordRequest {
  accountId: string;
  password: string;
}

export interface FolderRef {
  accountId: string;
  path: string;
}

export interface UpdateAccountRequest {
  accountId: string;
  settings: AccountSettings;
}

/**
 * Autoconfigure an address. `extraCaPem` is a CA the person trusts for these servers (a
 * company CA); it is used for the probes' TLS and carried into the proposed settings.
 */
export interface AutoconfigRequest {
  address: string;
  extraCaPem?: string;
}

export interface Pop3ModeRequest {
  accountId: string;
  mode: 'keep' | 'delete';
}

/** Sync one account, or every account when accountId is absent. */
export interface SyncRequest {
  accountId?: string;
}

export interface AttachmentRequest extends MessageRef {
  index: number;
}

export interface FlagRequest extends MessageRefs {
  flag: 'seen' | 'flagged';
  value: boolean;
}

export interface MoveRequest extends MessageRefs {
  to: string;
}

export interface ComposeRequest {
  accountId: string;
  draft: ComposeDraft;
}

export interface OutboxRetryRequest {
  accountId: string;
  id: string;
}

/**
 * What the desktop shell's menu asks the renderer to do: the same actions as the
 * renderer's own keys (j/k, r, a, f, c, s, u, /, Delete). Only Electron sends these.
 */
export type MenuCommand =
  | 'next-message'
  | 'previous-message'
  | 'reply'
  | 'reply-all'
  | 'forward'
  | 'compose'
  | 'toggle-star'
  | 'mark-unread'
  | 'search'
  | 'delete'
  | 'add-account';

export interface MenuCommandEvent {
  command: MenuCommand;
}

/**
 * Open the composer filled in (a mailto: link, from the OS or from a message). Addresses
 * are plain addr-specs; the body uses \n line ends. Only Electron sends this today.
 */
export interface ComposeEvent {
  to: string[];
  cc: string[];
  bcc: string[];
  subject: string;
  body: string;
}

/** Every request: channel → argument and answer. `void` means no argument. */
export interface Requests {
  'app.info': { req: void; res: AppInfo };
  'accounts.list': { req: void; res: Account[] };
  'accounts.add': { req: AccountSettings; res: Account };
  'accounts.update': { req: UpdateAccountRequest; res: Account };
  'accounts.remove': { req: AccountRef; res: null };
  'accounts.setPassword': { req: SetPasswordRequest; res: null };
  'accounts.test': { req: AccountRef; res: ConnectionCheck[] };
  'accounts.passwordStore': { req: void; res: PasswordStoreInfo };
  'accounts.autoconfigure': { req: AutoconfigRequest; res: AutoconfigProposal };
  'accounts.setPop3Mode': { req: Pop3ModeRequest; res: Account };
  'sync.now': { req: SyncRequest; res: SyncSummary[] };
  'folders.list': { req: AccountRef; res: Folder[] };
  'messages.page': { req: MessagePageRequest; res: MessagePage };
  'messages.get': { req: MessageRef; res: MessageDetail };
  'messages.attachment': { req: AttachmentRequest; res: AttachmentContent };
  /** POP3: the rest of a message stored as headers only; its id changes (see the diff). */
  'messages.downloadFull': { req: MessageRef; res: MessageSummary };
  'messages.flag': { req: FlagRequest; res: MessageSummary[] };
  'messages.move': { req: MoveRequest; res: null };
  'messages.delete': { req: MessageRefs; res: null };
  'messages.send': { req: ComposeRequest; res: OutboxItem };
  'messages.saveDraft': { req: ComposeRequest; res: MessageSummary };
  'outbox.list': { req: AccountRef; res: OutboxItem[] };
  'outbox.retry': { req: OutboxRetryRequest; res: OutboxItem };
  'protocolLog.get': { req: AccountRef; res: ProtocolLogLine[] };
  'settings.get': { req: void; res: AppSettings };
  'settings.set': { req: AppSettings; res: AppSettings };
  /** A remote image a person chose to load, as a data: URL (see ipc/remote-image.ts). */
  'images.fetch': { req: { url: string }; res: { dataUrl: string } };
}

/** Every event the main process pushes: name → payload. */
export interface Events {
  'accounts-changed': AccountsChanged;
  'folders-changed': FoldersChanged;
  'counts-changed': CountsChanged;
  'message-list-diff': MessageListDiff;
  'sync-progress': SyncProgress;
  'account-error': AccountError;
  'new-mail': NewMail;
  /** New protocol lines of one account, batched (the inspector appends them). */
  'protocol-log': ProtocolLogLines;
  'menu-command': MenuCommandEvent;
  compose: ComposeEvent;
}

export type RequestChannel = keyof Requests;
export type EventName = keyof Events;
export type Req<C extends RequestChannel> = Requests[C]['req'];
export type Res<C extends RequestChannel> = Requests[C]['res'];

/** Every answer is a value or an error value: both survive structured clone and JSON. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo };

export interface EventMessage<E extends EventName = EventName> {
  event: E;
  payload: Events[E];
}

type Method<C extends RequestChannel> = [Req<C>] extends [void]
  ? () => Promise<Result<Res<C>>>
  : (arg: Req<C>) => Promise<Result<Res<C>>>;

export type Namespace = RequestChannel extends infer C
  ? C extends `${infer N}.${string}`
    ? N
    : never
  : never;

/**
 * What the renderer calls: `window.mailwright` in Electron, the WebSocket client in the
 * browser shell. `accounts.list` becomes `api.accounts.list()`; events arrive through
 * `on(name, listener)`, which returns the function that unsubscribes.
 */
export type MailwrightApi = {
  readonly [N in Namespace]: {
    readonly [C in RequestChannel as C extends `${N}.${infer M}` ? M : never]: Method<C>;
  };
} & {
  readonly on: <E extends EventName>(event: E, listener: (payload: Events[E]) => void) => () => void;
};

// ---------------------------------------------------------------- runtime validators

const id = string({ min: 1, max: 200 });
const host = string({ min: 1, max: 253, pattern: /^[\p{L}\p{N}._:-]+$/u, what: 'a host name or IP address' });
const port = integer({ min: 1, max: 65535 });
const security = literal('implicit', 'starttls', 'none');
const user = string({ max: 320 });

function serverSchema<const A extends readonly string[]>(...auth: A) {
  return object({ host, port, security, user, auth: literal(...auth) });
}

const pop3Settings = variant('mode', {
  keep: object({
    mode: literal('keep'),
    leaveDays: nullable(integer({ min: 0, max: 36_500 })),
    deleteWhenDeletedLocally: boolean,
    headersOnlyOverBytes: nullable(integer({ min: 0 })),
  }),
  delete: object({ mode: literal('delete'), headersOnlyOverBytes: nullable(integer({ min: 0 })) }),
});

export const accountSettingsSchema: Schema<AccountSettings> = object({
  address: string({
    min: 3,
    max: 320,
    pattern: /^[^\s@]+@[^\s@]+$/,
    what: 'an address like name@example.org',
  }),
  displayName: string({ max: 200 }),
  incoming: variant('protocol', {
    imap: object({ protocol: literal('imap'), server: serverSchema('auto', 'login', 'plain', 'cram-md5') }),
    pop3: object({
      protocol: literal('pop3'),
      server: serverSchema('auto', 'user-pass', 'apop', 'plain', 'cram-md5'),
      pop3: pop3Settings,
    }),
  }),
  outgoing: variant('kind', {
    submission: object({
      kind: literal('submission'),
      server: serverSchema('auto', 'plain', 'login', 'cram-md5', 'none'),
    }),
    direct: object({ kind: literal('direct') }),
  }),
  syncIntervalMinutes: integer({ min: 0, max: 1440 }),
  extraCaPem: optional(
    string({ max: 200_000, pattern: /-----BEGIN CERTIFICATE-----/, what: 'PEM text with a certificate' }),
  ),
});

const accountRef: Schema<AccountRef> = object({ accountId: id });
const folderPath = string({ min: 1, max: 1000 });
const messageRef: Schema<MessageRef> = object({ accountId: id, folder: folderPath, id });
const messageRefs: Schema<MessageRefs> = object({
  accountId: id,
  folder: folderPath,
  ids: array(id, { max: 10_000 }),
});
/** Addresses as typed: checked properly (one mailbox each) by the composer. */
const addressList = array(string({ min: 1, max: 1000 }), { max: 1000 });
const composeDraft: Schema<ComposeDraft> = object({
  to: addressList,
  cc: addressList,
  bcc: addressList,
  subject: string({ max: 2000 }),
  text: string({ max: 20_000_000 }),
  html: optional(string({ max: 20_000_000 })),
  inReplyTo: optional(string({ min: 1, max: 1000 })),
  references: optional(array(string({ min: 1, max: 1000 }), { max: 500 })),
  attachments: optional(
    array(
      object({
        filename: string({ min: 1, max: 255 }),
        contentType: optional(string({ min: 3, max: 255 })),
        base64: string({ max: 40_000_000, pattern: /^[A-Za-z0-9+/=\s]*$/, what: 'base64 text' }),
      }),
      { max: 100 },
    ),
  ),
});
const password = string({ min: 1, max: 4096 });
const appSettings: Schema<AppSettings> = object({
  notifyNewMail: boolean,
  protocolLogLines: integer({ min: 0, max: 100_000 }),
});

/** One validator per request channel; the object's type makes the table exhaustive. */
export const requestSchemas: { readonly [C in RequestChannel]: Schema<Req<C>> } = {
  'app.info': none,
  'accounts.list': none,
  'accounts.add': accountSettingsSchema,
  'accounts.update': object({ accountId: id, settings: accountSettingsSchema }),
  'accounts.remove': accountRef,
  'accounts.setPassword': object({ accountId: id, password }),
  'accounts.test': accountRef,
  'accounts.passwordStore': none,
  'accounts.autoconfigure': object({
    address: string({
      min: 3,
      max: 320,
      pattern: /^[^\s@]+@[^\s@]+$/,
      what: 'an address like name@example.org',
    }),
    extraCaPem: optional(
      string({ max: 200_000, pattern: /-----BEGIN CERTIFICATE-----/, what: 'PEM text with a certificate' }),
    ),
  }),
  'accounts.setPop3Mode': object({ accountId: id, mode: literal('keep', 'delete') }),
  'sync.now': object({ accountId: optional(id) }),
  'folders.list': accountRef,
  'messages.page': object({
    accountId: id,
    folder: folderPath,
    offset: integer({ min: 0 }),
    limit: integer({ min: 1, max: 500 }),
    sort: optional(
      object({ by: literal('date', 'from', 'subject', 'size'), direction: literal('asc', 'desc') }),
    ),
    filter: optional(literal('all', 'unread', 'flagged')),
    search: optional(string({ max: 1000 })),
  }),
  'messages.get': messageRef,
  'messages.downloadFull': messageRef,
  'messages.attachment': object({
    accountId: id,
    folder: folderPath,
    id,
    index: integer({ min: 0, max: 10_000 }),
  }),
  'messages.flag': object({
    accountId: id,
    folder: folderPath,
    ids: array(id, { max: 10_000 }),
    flag: literal('seen', 'flagged'),
    value: boolean,
  }),
  'messages.move': object({
    accountId: id,
    folder: folderPath,
    ids: array(id, { max: 10_000 }),
    to: folderPath,
  }),
  'messages.delete': messageRefs,
  'messages.send': object({ accountId: id, draft: composeDraft }),
  'messages.saveDraft': object({ accountId: id, draft: composeDraft }),
  'outbox.list': accountRef,
  'outbox.retry': object({ accountId: id, id }),
  'protocolLog.get': accountRef,
  'settings.get': none,
  'settings.set': appSettings,
  'images.fetch': object({
    url: string({ min: 8, max: 8192, pattern: /^https?:\/\//i, what: 'an http(s) URL' }),
  }),
};

export const requestChannels = Object.keys(requestSchemas) as RequestChannel[];

/** The event names, exhaustive by the same trick. */
const eventTable: { readonly [E in EventName]: true } = {
  'accounts-changed': true,
  'folders-changed': true,
  'counts-changed': true,
  'message-list-diff': true,
  'sync-progress': true,
  'account-error': true,
  'new-mail': true,
  'protocol-log': true,
  'menu-command': true,
  compose: true,
};
export const eventNames = Object.keys(eventTable) as EventName[];

export function isRequestChannel(value: unknown): value is RequestChannel {
  return typeof value === 'string' && Object.hasOwn(requestSchemas, value);
}

export function isEventName(value: unknown): value is EventName {
  return typeof value === 'string' && Object.hasOwn(eventTable, value);
}

/** Checks a call; returns the problem as one sentence, or undefined when it is well formed. */
export function checkRequest(channel: unknown, arg: unknown): string | undefined {
  if (!isRequestChannel(channel)) {
    return `There is no request named ${JSON.stringify(String(channel).slice(0, 60))}.`;
  }
  const problem = requestSchemas[channel].check(arg, 'argument');
  return problem === undefined ? undefined : `${channel}: ${problem}.`;
}

/** Splits `accounts.list` into its namespace and method name, as MailwrightApi does. */
export function splitChannel(channel: RequestChannel): [namespace: string, method: string] {
  const dot = channel.indexOf('.');
  return [channel.slice(0, dot), channel.slice(dot + 1)];
}
