/**
 * A MailboxService that is usable at once while the real one is still opening (the
 * profile, the keychain, the stores): every call waits for it, and subscriptions made
 * early are attached when it is ready. Lets a shell build its router synchronously.
 * If opening fails, every call fails with that error (the shell still shows it).
 */
import { toMailwrightError } from '../model/errors';
import type { MailboxListener, MailboxService } from './service';

type Calls = Omit<MailboxService, 'subscribe' | 'close'>;

const CALLS: readonly (keyof Calls)[] = [
  'listAccounts',
  'addAccount',
  'updateAccount',
  'removeAccount',
  'setPassword',
  'testAccount',
  'passwordStore',
  'autoconfigure',
  'setPop3Mode',
  'syncNow',
  'listFolders',
  'pageMessages',
  'getMessage',
  'getAttachment',
  'downloadFull',
  'setFlag',
  'moveMessages',
  'deleteMessages',
  'send',
  'saveDraft',
  'listOutbox',
  'retryOutbox',
  'protocolLog',
  'getSettings',
  'setSettings',
];

export function deferredMailboxService(opening: Promise<MailboxService>): MailboxService {
  const ready = opening.then(
    (service) => ({ service }),
    (e: unknown) => ({ error: toMailwrightError(e) }),
  );
  const out: Record<string, unknown> = {};
  for (const name of CALLS) {
    out[name] = async (...args: unknown[]) => {
      const r = await ready;
      if ('error' in r) throw r.error;
      return (r.service[name] as (...a: unknown[]) => Promise<unknown>)(...args);
    };
  }
  const service = out as unknown as Calls;
  return {
    ...service,
    subscribe(listener: MailboxListener) {
      let off: (() => void) | undefined;
      let cancelled = false;
      void ready.then((r) => {
        if (!cancelled && 'service' in r) off = r.service.subscribe(listener);
      });
      return () => {
        cancelled = true;
        off?.();
      };
    },
    async close() {
      const r = await ready;
      if ('service' in r) await r.service.close?.();
    },
  };
}
