import { useEffect } from 'react';
import type { Account, ErrorInfo, SyncPhase, SyncProgress } from '../../src-main/model';
import type { Notice } from '../state/store';

const PHASE: Record<SyncPhase, string> = {
  connecting: 'Connecting',
  'listing-folders': 'Listing folders',
  'fetching-headers': 'Fetching headers',
  'fetching-bodies': 'Downloading messages',
  'applying-changes': 'Applying changes',
  sending: 'Sending',
  done: 'Done',
};

/** Sync progress and errors of one account, shown under it in the sidebar. */
export function AccountStatus({
  account,
  progress,
  error,
  onRetry,
  onDismiss,
}: {
  account: Account;
  progress: SyncProgress | undefined;
  error: ErrorInfo | undefined;
  onRetry: () => void;
  onDismiss: () => void;
}) {
  return (
    <>
      {progress !== undefined && (
        <div className="sync" role="status" aria-label={`Sync of ${account.address}`}>
          <span className="small muted">
            {PHASE[progress.phase]}
            {progress.total !== null
              ? ` — ${progress.done} of ${progress.total}`
              : progress.done > 0
                ? ` — ${progress.done}`
                : '…'}
          </span>
          <progress
            aria-label={`${PHASE[progress.phase]} for ${account.address}`}
            {...(progress.total !== null && progress.total > 0
              ? { value: progress.done, max: progress.total }
              : {})}
          />
        </div>
      )}
      {error !== undefined && (
        <div className="account-error" role="alert">
          <p className="small">
            <span className="kind">{error.kind}</span> {error.message}
          </p>
          {error.serverText !== undefined && (
            <p className="small server-text">The server said: “{error.serverText}”</p>
          )}
          <div className="row">
            <button type="button" className="small-button" onClick={onRetry}>
              Retry
            </button>
            <button type="button" className="small-button" onClick={onDismiss}>
              Dismiss
            </button>
          </div>
        </div>
      )}
    </>
  );
}

/** How long a notice stays unless dismissed sooner. */
export const NOTICE_MS = 8000;

export function Notices({ notices, onDismiss }: { notices: Notice[]; onDismiss: (id: number) => void }) {
  const oldest = notices[0];
  useEffect(() => {
    if (oldest === undefined) return;
    const timer = setTimeout(() => onDismiss(oldest.id), NOTICE_MS);
    return () => clearTimeout(timer);
  }, [oldest, onDismiss]);
  return (
    <div className="notices" role="status" aria-live="polite">
      {notices.map((n) => (
        <div key={n.id} className="notice">
          <span>{n.text}</span>
          <button
            type="button"
            className="small-button"
            aria-label="Dismiss notification"
            onClick={() => onDismiss(n.id)}
          >
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
