/**
 * The mailbox service's public face for the shells and the CLI:
 * `createMailboxService({ home })` → a MailboxService (see service.ts for every call),
 * plus the profile helpers. Everything else in this folder is its parts:
 * runtime (one account at work), pop3-runner, imap-runner/imap-side (over imap/sync),
 * outbox-runner, local-mail (local folders), events (the batcher),
 * protocol-log (the inspector's ring buffers), layout (where files live).
 */
export {
  createMailboxService,
  type MailboxServiceHandle,
  type MailboxServiceOptions,
} from './mailbox-service';
export type { MailboxListener, MailboxService } from './service';
export { packageVersion, profileHome } from './profile';
