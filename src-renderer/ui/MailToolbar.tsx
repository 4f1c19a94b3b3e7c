import type { RefObject } from 'react';
import { Brand } from './Brand';
import { Icon } from './icons';

/** The top bar: compose, search this folder, the protocol inspector, add an account. */
export function MailToolbar({
  canCompose,
  onCompose,
  searchBox,
  searchText,
  onSearchText,
  onSearchNow,
  inspectorOpen,
  onToggleInspector,
  onAddAccount,
}: {
  canCompose: boolean;
  onCompose: () => void;
  searchBox: RefObject<HTMLInputElement | null>;
  searchText: string;
  onSearchText: (text: string) => void;
  /** Enter searches at once instead of waiting for the typing pause. */
  onSearchNow: () => void;
  inspectorOpen: boolean;
  onToggleInspector: () => void;
  onAddAccount: () => void;
}) {
  return (
    <header className="topbar">
      <Brand />
      <div className="toolbar" role="toolbar" aria-label="Mail">
        <button type="button" className="primary compose-button" onClick={onCompose} disabled={!canCompose}>
          <Icon name="compose" /> Compose
        </button>
        <div className="search" role="search">
          <Icon name="search" />
          <input
            ref={searchBox}
            type="search"
            aria-label="Search mail"
            placeholder="Search this folder"
            value={searchText}
            onChange={(e) => onSearchText(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape') onSearchText('');
              if (e.key === 'Enter') onSearchNow();
            }}
          />
        </div>
        <span className="spacer" />
        <button type="button" aria-pressed={inspectorOpen} onClick={onToggleInspector}>
          <Icon name="terminal" /> Inspector
        </button>
        <button type="button" onClick={() => onAddAccount()}>
          <Icon name="plus" /> Add account
        </button>
      </div>
    </header>
  );
}
