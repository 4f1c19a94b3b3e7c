import type { CommandSpec } from './command';
import { versionCommand } from './commands/version';
import { pop3FetchCommand, pop3ListCommand } from './commands/pop3';
import { indexRebuildCommand } from './commands/store-index';
import { dnsMxCommand, dnsQueryCommand } from './commands/dns';
import { sendCommand } from './commands/send';
import { imapCommands } from './commands/imap';
import { imapSyncCommand } from './commands/imap-sync';
import { accountCommands } from './commands/account';
import { autoconfigCommand } from './commands/autoconfig';
import { mailboxCommands } from './commands/mailbox';

/**
 * Every CLI command, in the order `--help` lists them. Each protocol adds its
 * commands from its own module in `commands/`.
 */
export const commands: readonly CommandSpec[] = [
  versionCommand,
  pop3FetchCommand,
  pop3ListCommand,
  indexRebuildCommand,
  dnsMxCommand,
  dnsQueryCommand,
  sendCommand,
  ...imapCommands,
  imapSyncCommand,
  ...accountCommands,
  autoconfigCommand,
  ...mailboxCommands,
];
