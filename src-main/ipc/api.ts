import {
  requestChannels,
  splitChannel,
  type EventName,
  type Events,
  type MailwrightApi,
  type RequestChannel,
  type Result,
} from './contract';

export type Invoke = (channel: RequestChannel, arg: unknown) => Promise<Result<unknown>>;
export type Subscribe = <E extends EventName>(event: E, listener: (payload: Events[E]) => void) => () => void;

/**
 * Builds the MailwrightApi object (`api.accounts.list()` & co.) from the contract's
 * channel list over a transport: exactly one method per channel, nothing generic.
 * Used by the Electron preload; the renderer's WebSocket client mirrors it.
 */
export function buildApi(invoke: Invoke, on: Subscribe): MailwrightApi {
  const api: Record<string, Record<string, (arg?: unknown) => Promise<Result<unknown>>>> = {};
  for (const channel of requestChannels) {
    const [group, method] = splitChannel(channel);
    (api[group] ??= {})[method] = (arg?: unknown) => invoke(channel, arg);
  }
  return { ...api, on } as unknown as MailwrightApi;
}
