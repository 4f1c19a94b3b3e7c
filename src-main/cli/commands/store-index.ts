import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { LEDGER_FILE, readSourceIds } from '../../pop3/retrieval/ledger';
import { INDEX_FILE, MessageIndex } from '../../store/index/message-index';
import { Maildir } from '../../store/maildir/maildir';
import { printJson, UsageError, type CommandSpec } from '../command';

/** The folder name a CLI Maildir is indexed under. */
export const INBOX = 'INBOX';

export const indexRebuildCommand: CommandSpec = {
  path: ['index', 'rebuild'],
  summary: 'Rebuild the message index (SQLite + full-text search) of a Maildir from its files alone',
  usage: 'index rebuild --maildir DIR [--json]',
  options: { maildir: { type: 'string' } },
  positionals: { min: 0, max: 0 },
  async run(cmd, io) {
    const dir = cmd.values.maildir;
    if (typeof dir !== 'string' || dir === '') throw new UsageError('--maildir DIR is required');
    const maildir = await Maildir.open(dir, { create: false });
    // Server ids are not in the Maildir; when a POP3 ledger sits beside it, reuse them.
    const ledgerPath = join(dir, LEDGER_FILE);
    const sourceIds = existsSync(ledgerPath) ? readSourceIds(ledgerPath) : new Map<string, string>();
    // A fresh file: the old index may be the very thing that is broken.
    const indexed = await MessageIndex.rebuildFile(
      join(dir, INDEX_FILE),
      [{ name: INBOX, maildir }],
      sourceIds,
    );
    if (cmd.json) printJson(io, { indexed });
    else io.out(`Indexed ${indexed} message${indexed === 1 ? '' : 's'}.\n`);
    return 0;
  },
};
