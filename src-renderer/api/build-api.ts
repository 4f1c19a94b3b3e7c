import type { EventName, Events, MailwrightApi, RequestChannel, Result } from '../../src-main/ipc/contract';

/**
 * The request channels, checked against the contract by type: `satisfies` refuses a
 * missing or an unknown channel, so this list cannot drift from src-main/ipc/contract.ts
 * (the renderer imports only types from the main side).
 */
const channels = {
  'app.info': true,
  'accounts.list': true,
  'accounts.add': true,
  'accounts.update': true,
  'accounts.remove': true,
  'accounts.setPassword': true,
  'accounts.test': true,
  'accounts.passwordStore': true,
  'accounts.autoconfigure': true,
  'accounts.setPop3Mode': true,
  'sync.now': true,
  'folders.list': true,
  'messages.page': true,
  'messages.get': true,
  'messages.attachment': true,
  'messages.downloadFull': true,
  'messages.flag': true,
  'messages.move': true,
  'messages.delete': true,
  'messages.send': true,
  'messages.saveDraft': true,
  'outbox.list': true,
  'outbox.retry': true,
  'protocolLog.get': true,
  'settings.get': true,
  'settings.set': true,
  'images.fetch': true,
} as const satisfies Record<RequestChannel, true>;

export const requestChannels = Object.keys(channels) as RequestChannel[];

export type Invoke = (channel: RequestChannel, arg: unknown) => Promise<Result<unknown>>;
export type Subscribe = <E extends EventName>(event: E, listener: (payload: Events[E]) => void) => () => void;

/** Builds `api.accounts.list()` & co. from the channel list over any transport. */
export function buildApi(invoke: Invoke, on: Subscribe): MailwrightApi {
  const api: Record<string, Record<string, (arg?: unknown) => Promise<Result<unknown>>>> = {};
  for (const channel of requestChannels) {
    const dot = channel.indexOf('.');
    const group = (api[channel.slice(0, dot)] ??= {});
    group[channel.slice(dot + 1)] = (arg?: unknown) => invoke(channel, arg);
  }
  return { ...api, on } as unknown as MailwrightApi;
}
