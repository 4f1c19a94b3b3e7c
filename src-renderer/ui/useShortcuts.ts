import { useEffect } from 'react';
import type { ComposeEvent, MenuCommand } from '../../src-main/ipc/contract';
import type { Backend } from '../state/backend';
import type { ListKeyAction } from './MessageList';

export type MailAction = ListKeyAction | 'compose' | 'search';

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (el === null || el.closest === undefined) return false;
  return el.closest('input, textarea, select, [contenteditable="true"], dialog[open]') !== null;
}

const KEYS: Record<string, MailAction> = {
  c: 'compose',
  '/': 'search',
  r: 'reply',
  a: 'reply-all',
  f: 'forward',
  s: 'flag',
  u: 'unread',
  Delete: 'delete',
};

/**
 * Keys anywhere outside a field (c compose, / search, and the list's keys acting on the
 * open message when the list does not have focus; the list handles its own), and the
 * desktop menu and mailto: links (Electron only), all through the same actions.
 */
export function useShortcuts({
  backend,
  act,
  focusList,
  onAddAccount,
  composeFromEvent,
}: {
  backend: Backend;
  act: (action: MailAction) => Promise<void> | void;
  focusList: () => void;
  onAddAccount: () => void;
  composeFromEvent: (c: ComposeEvent) => void;
}): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
      const action = KEYS[e.key];
      if (action === undefined) {
        if (e.key === 'j' || e.key === 'k') focusList();
        return;
      }
      e.preventDefault();
      void act(action);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [act, focusList]);

  useEffect(() => {
    const menu: Record<MenuCommand, () => void> = {
      'next-message': focusList,
      'previous-message': focusList,
      reply: () => void act('reply'),
      'reply-all': () => void act('reply-all'),
      forward: () => void act('forward'),
      compose: () => void act('compose'),
      'toggle-star': () => void act('flag'),
      'mark-unread': () => void act('unread'),
      search: () => void act('search'),
      delete: () => void act('delete'),
      'add-account': onAddAccount,
    };
    const offMenu = backend.on('menu-command', ({ command }) => menu[command]());
    const offCompose = backend.on('compose', composeFromEvent);
    return () => {
      offMenu();
      offCompose();
    };
  }, [backend, act, focusList, onAddAccount, composeFromEvent]);
}
