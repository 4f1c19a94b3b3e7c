import { useCallback, useState } from 'react';
import type { Account, MessageDetail } from '../../src-main/model';
import type { ComposeEvent } from '../../src-main/ipc/contract';
import { composeFrom, type ComposeSeed, type ReplyMode } from '../lib/quote';
import { formatFullDate } from '../lib/format';
import { parseAddresses } from '../lib/addresses';
import type { Selection } from './FolderTree';

export interface ComposerState {
  accountId: string;
  seed: ComposeSeed | null;
  /** A fresh key per compose, so a second compose starts a new form instead of reusing one. */
  key: number;
}

/**
 * The open composer (null: none). It writes from the open folder's account, else the
 * first account; a reply or forward is seeded from the message, a mailto: link from its fields.
 */
export function useCompose(selection: Selection | null, accounts: Account[]) {
  const [composer, setComposer] = useState<ComposerState | null>(null);

  const startCompose = useCallback(
    (mode: ReplyMode | 'new', detail?: MessageDetail) => {
      const accountId = selection?.accountId ?? accounts[0]?.id;
      if (accountId === undefined) return;
      const me = accounts.find((a) => a.id === accountId)?.address ?? '';
      const seed =
        mode === 'new' || detail === undefined
          ? null
          : composeFrom(detail, mode, me, formatFullDate(detail.summary.date));
      setComposer({ accountId, seed, key: Date.now() });
    },
    [selection, accounts],
  );

  const composeFromEvent = useCallback(
    (c: ComposeEvent) => {
      const accountId = selection?.accountId ?? accounts[0]?.id;
      if (accountId === undefined) return;
      const list = (xs: string[]) => parseAddresses(xs.join(', ')).valid;
      setComposer({
        accountId,
        seed: {
          to: list(c.to),
          cc: list(c.cc),
          subject: c.subject,
          text: c.body,
          inReplyTo: null,
          references: [],
        },
        key: Date.now(),
      });
    },
    [selection, accounts],
  );

  const closeComposer = useCallback(() => setComposer(null), []);

  return { composer, startCompose, composeFromEvent, closeComposer };
}
