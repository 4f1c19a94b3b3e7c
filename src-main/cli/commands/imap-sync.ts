/**
 * `mailwright imap sync --cache DIR [--folder PATH] [--bodies] ...`: syncs an IMAP account
 * (or one folder) into a local cache folder — the same engine the app uses — replaying any
 * queued local actions first, and prints what changed.
 */
import { connectImap } from '../../imap/connect';
import {
  closeSync,
  SyncStore,
  syncAccount,
  syncFolder,
  type FolderSyncReport,
  type SyncContext,
} from '../../imap/sync';
import { printJson, UsageError, type CommandSpec, type OptionSpecs } from '../command';
import { connectionOptions, connectionUsage } from '../connection-flags';
import { imapLoginFromFlags } from './imap';

const options: OptionSpecs = {
  ...connectionOptions,
  cache: { type: 'string' },
  folder: { type: 'string' },
  bodies: { type: 'boolean' },
};

function line(r: FolderSyncReport): string {
  const how = r.rebuilt ? ' (UIDVALIDITY changed: rebuilt)' : '';
  return `${r.folder}: ${r.added} added, ${r.updated} updated, ${r.removed} removed${how}\n`;
}

export const imapSyncCommand: CommandSpec = {
  path: ['imap', 'sync'],
  summary: 'Sync an IMAP account (or one folder) into a local cache folder',
  usage: `imap sync --cache DIR [--folder PATH] [--bodies] ${connectionUsage} [--json]`,
  options,
  positionals: { min: 0, max: 0 },
  async run(cmd, io) {
    const cache = cmd.values.cache;
    if (typeof cache !== 'string' || cache === '')
      throw new UsageError('--cache is required (a folder for the cache)');
    const login = imapLoginFromFlags(cmd, io);
    const store = SyncStore.open(cache);
    const ctx: SyncContext = {
      accountId: login.user,
      store,
      settings: { downloadBodies: cmd.values.bodies === true },
      connect: () => connectImap(login),
    };
    try {
      const folder = cmd.values.folder;
      if (typeof folder === 'string') {
        const report = await syncFolder(ctx, folder);
        if (cmd.json) printJson(io, report);
        else io.out(line(report));
      } else {
        const report = await syncAccount(ctx);
        if (cmd.json) printJson(io, report);
        else {
          for (const r of report.folders) io.out(line(r));
          for (const s of report.skipped) io.out(`${s.folder}: skipped (${s.error})\n`);
          if (report.replay.done + report.replay.failed.length > 0)
            io.out(`local actions: ${report.replay.done} sent, ${report.replay.failed.length} refused\n`);
        }
      }
      return 0;
    } finally {
      await closeSync(ctx);
      store.close();
    }
  },
};
