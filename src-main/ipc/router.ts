/**
 * ONE table from request channel to service call, and one event fan-out, used by both
 * shells. A call is checked against the contract before any service sees it, and every
 * failure comes back as an ErrorInfo value (never a stack trace, never the argument).
 */
import type { AppInfo } from '../model';
import { MailwrightError, toMailwrightError } from '../model/errors';
import type { MailboxService } from '../mailbox/service';
import { fetchRemoteImage } from './remote-image';
import {
  checkRequest,
  type EventMessage,
  type Req,
  type RequestChannel,
  type Res,
  type Result,
} from './contract';

export interface Services {
  appInfo: AppInfo;
  mailbox: MailboxService;
}

type Handlers = { readonly [C in RequestChannel]: (arg: Req<C>) => Promise<Res<C>> };

function table(s: Services): Handlers {
  return {
    'app.info': async () => s.appInfo,
    'accounts.list': () => s.mailbox.listAccounts(),
    'accounts.add': (settings) => s.mailbox.addAccount(settings),
    'accounts.update': ({ accountId, settings }) => s.mailbox.updateAccount(accountId, settings),
    'accounts.remove': async ({ accountId }) => {
      await s.mailbox.removeAccount(accountId);
      return null;
    },
    'accounts.setPassword': async ({ accountId, password }) => {
      await s.mailbox.setPassword(accountId, password);
      return null;
    },
    'accounts.test': ({ accountId }) => s.mailbox.testAccount(accountId),
    'accounts.passwordStore': () => s.mailbox.passwordStore(),
    'accounts.autoconfigure': ({ address, extraCaPem }) => s.mailbox.autoconfigure(address, extraCaPem),
    'accounts.setPop3Mode': ({ accountId, mode }) => s.mailbox.setPop3Mode(accountId, mode),
    'sync.now': ({ accountId }) => s.mailbox.syncNow(accountId),
    'folders.list': ({ accountId }) => s.mailbox.listFolders(accountId),
    'messages.page': (request) => s.mailbox.pageMessages(request),
    'messages.get': (ref) => s.mailbox.getMessage(ref),
    'messages.downloadFull': (ref) => s.mailbox.downloadFull(ref),
    'messages.attachment': ({ index, ...ref }) => s.mailbox.getAttachment(ref, index),
    'messages.flag': ({ flag, value, ...refs }) => s.mailbox.setFlag(refs, flag, value),
    'messages.move': async ({ to, ...refs }) => {
      await s.mailbox.moveMessages(refs, to);
      return null;
    },
    'messages.delete': async (refs) => {
      await s.mailbox.deleteMessages(refs);
      return null;
    },
    'messages.send': ({ accountId, draft }) => s.mailbox.send(accountId, draft),
    'messages.saveDraft': ({ accountId, draft }) => s.mailbox.saveDraft(accountId, draft),
    'outbox.list': ({ accountId }) => s.mailbox.listOutbox(accountId),
    'outbox.retry': ({ accountId, id }) => s.mailbox.retryOutbox(accountId, id),
    'protocolLog.get': ({ accountId }) => s.mailbox.protocolLog(accountId),
    'settings.get': () => s.mailbox.getSettings(),
    'settings.set': (settings) => s.mailbox.setSettings(settings),
    'images.fetch': ({ url }) => fetchRemoteImage(url),
  };
}

export interface Router {
  /** Validates and runs one call. Never throws: a failure is `{ ok: false, error }`. */
  call(channel: unknown, arg: unknown): Promise<Result<unknown>>;
  /** Every event for one shell connection; returns the function that unsubscribes. */
  subscribe(listener: (message: EventMessage) => void): () => void;
}

export function createRouter(services: Services): Router {
  const handlers = table(services);
  return {
    async call(channel, arg) {
      const problem = checkRequest(channel, arg);
      if (problem !== undefined) {
        return { ok: false, error: new MailwrightError('bad-input', problem).toJSON() };
      }
      const handler = handlers[channel as RequestChannel] as (a: unknown) => Promise<unknown>;
      try {
        return { ok: true, value: await handler(arg) };
      } catch (e) {
        return { ok: false, error: toMailwrightError(e).toJSON() };
      }
    },
    subscribe(listener) {
      return services.mailbox.subscribe((event, payload) => {
        listener({ event, payload } as EventMessage);
      });
    },
  };
}
