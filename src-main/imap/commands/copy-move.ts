/**
 * UID COPY and UID MOVE (RFC 6851). Without MOVE: COPY, then STORE \Deleted, then
 * UID EXPUNGE of just those UIDs (UIDPLUS) — or plain EXPUNGE, which may also remove
 * other messages already marked \Deleted, so it is used only when the caller allows it.
 */
import { MailwrightError } from '../../model/errors';
import type { ImapClient } from '../client';
import { mailbox, raw } from '../serialize';
import type { ResponseCode } from '../types';
import { uidExpunge } from './expunge';
import { uidStore } from './store';

export interface CopyResult {
  /** From COPYUID (UIDPLUS): the destination's UIDVALIDITY and UID sets, when the server told. */
  uidValidity: number | null;
  sourceUids: string | null;
  destinationUids: string | null;
}

function copyResult(code: ResponseCode | null): CopyResult {
  if (code !== null && code.name === 'COPYUID') {
    return {
      uidValidity: code.uidValidity,
      sourceUids: code.sourceUids,
      destinationUids: code.destinationUids,
    };
  }
  return { uidValidity: null, sourceUids: null, destinationUids: null };
}

export async function uidCopy(client: ImapClient, uidSet: string, destination: string): Promise<CopyResult> {
  const { tagged } = await client.execute('UID COPY', [raw(uidSet), mailbox(destination)]);
  return copyResult(tagged.code);
}

export interface MoveOptions {
  /** Without MOVE and UIDPLUS, allow a plain EXPUNGE (removes every \Deleted message). */
  allowPlainExpunge?: boolean;
}

export async function uidMove(
  client: ImapClient,
  uidSet: string,
  destination: string,
  options: MoveOptions = {},
): Promise<CopyResult> {
  if (client.has('MOVE')) {
    // COPYUID arrives in an untagged OK before the tagged one (RFC 6851 §4.3).
    let code: ResponseCode | null = null;
    const { tagged } = await client.execute('UID MOVE', [raw(uidSet), mailbox(destination)], {
      collect: (d) => {
        if (d.type === 'condition' && d.code?.name === 'COPYUID') code = d.code;
        return false;
      },
    });
    return copyResult(code ?? tagged.code);
  }
  if (!client.has('UIDPLUS') && options.allowPlainExpunge !== true) {
    throw new MailwrightError(
      'server-said-no',
      'The IMAP server cannot move messages safely (no MOVE or UIDPLUS); copy and delete them instead.',
      { code: 'IMAP_NO_MOVE' },
    );
  }
  const result = await uidCopy(client, uidSet, destination);
  await uidStore(client, uidSet, 'add', ['\\Deleted']);
  if (client.has('UIDPLUS')) await uidExpunge(client, uidSet);
  else await client.execute('EXPUNGE');
  return result;
}
