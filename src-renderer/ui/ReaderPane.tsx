import type { Folder, MessageDetail, MessageSummary } from '../../src-main/model';
import type { Backend } from '../state/backend';
import { Reader, type ReaderActions } from './Reader';

/** The right pane: the open message, or a hint (and the selection count) when none is open. */
export function ReaderPane({
  backend,
  current,
  folders,
  dark,
  actions,
  onShown,
  selectedCount,
}: {
  backend: Backend;
  /** The message to show; null shows the hint instead. */
  current: MessageSummary | null;
  folders: Folder[];
  dark: boolean;
  actions: ReaderActions;
  onShown: (d: MessageDetail) => void;
  selectedCount: number;
}) {
  return (
    <section className="reader-pane" aria-label="Reader">
      {current !== null ? (
        <Reader
          backend={backend}
          target={{ accountId: current.accountId, folder: current.folder, id: current.id }}
          folders={folders}
          dark={dark}
          actions={actions}
          onShown={onShown}
          openLink={(href) => window.open(href, '_blank', 'noopener,noreferrer')}
        />
      ) : (
        <div className="reader-empty">
          <p className="muted">
            {selectedCount > 1 ? `${selectedCount} messages selected.` : 'Choose a message to read it here.'}
          </p>
          <p className="muted small">
            <kbd>j</kbd>/<kbd>k</kbd> move · <kbd>r</kbd> reply · <kbd>c</kbd> compose · <kbd>/</kbd> search
          </p>
        </div>
      )}
    </section>
  );
}
