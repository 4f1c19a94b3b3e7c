/**
 * The application menu as plain data: File, Edit, View, Message, Window, Help (plus the
 * app menu on macOS). Mail actions carry the renderer's own keys (j/k, r, a, f, c, s, u,
 * /, Delete) and a MenuCommand that main.ts sends to the renderer as a 'menu-command'
 * event; everything else is an Electron role. Pure, so it is tested without Electron.
 *
 * Why single keys are shown but not registered: a registered accelerator fires even
 * while the person types in a text field, so typing "r" in the composer would reply.
 * The renderer owns the keys (it knows where the focus is); the menu shows them
 * (registerAccelerator: false on Linux and Windows). macOS cannot show an accelerator
 * without registering it, so there the single-key items carry none.
 */
import type { MenuCommand } from '../ipc/contract';

export type MenuRole =
  | 'appMenu'
  | 'about'
  | 'quit'
  | 'close'
  | 'undo'
  | 'redo'
  | 'cut'
  | 'copy'
  | 'paste'
  | 'selectAll'
  | 'reload'
  | 'toggleDevTools'
  | 'resetZoom'
  | 'zoomIn'
  | 'zoomOut'
  | 'togglefullscreen'
  | 'minimize'
  | 'zoom'
  | 'front'
  | 'windowMenu'
  | 'help';

export type MenuItemSpec =
  | { kind: 'role'; role: MenuRole }
  | { kind: 'separator' }
  | {
      kind: 'command';
      label: string;
      command: MenuCommand;
      accelerator?: string;
      registerAccelerator: boolean;
    };

export interface MenuSpec {
  label: string;
  role?: MenuRole;
  items: MenuItemSpec[];
}

/** The renderer's keys, one per mail action (Electron accelerator spelling). */
export const SHORTCUTS: Readonly<Partial<Record<MenuCommand, string>>> = {
  'next-message': 'J',
  'previous-message': 'K',
  reply: 'R',
  'reply-all': 'A',
  forward: 'F',
  compose: 'C',
  'toggle-star': 'S',
  'mark-unread': 'U',
  search: '/',
  delete: 'Delete',
};

export interface MenuOptions {
  platform: NodeJS.Platform;
  /** Developer tools only in a development run, never in an installed app. */
  packaged: boolean;
}

export function menuTemplate({ platform, packaged }: MenuOptions): MenuSpec[] {
  const mac = platform === 'darwin';
  const command = (label: string, name: MenuCommand): MenuItemSpec => {
    const key = SHORTCUTS[name];
    if (key === undefined || mac)
      return { kind: 'command', label, command: name, registerAccelerator: false };
    return { kind: 'command', label, command: name, accelerator: key, registerAccelerator: false };
  };
  const role = (r: MenuRole): MenuItemSpec => ({ kind: 'role', role: r });
  const separator: MenuItemSpec = { kind: 'separator' };

  const menus: MenuSpec[] = [];
  if (mac) menus.push({ label: 'Mailwright', role: 'appMenu', items: [] });
  menus.push(
    {
      label: 'File',
      items: [
        command('New Message', 'compose'),
        command('Add Account…', 'add-account'),
        separator,
        role('close'),
        ...(mac ? [] : [role('quit')]),
      ],
    },
    {
      label: 'Edit',
      items: [
        role('undo'),
        role('redo'),
        separator,
        role('cut'),
        role('copy'),
        role('paste'),
        role('selectAll'),
        separator,
        command('Search Mail', 'search'),
      ],
    },
    {
      label: 'View',
      items: [
        ...(packaged ? [] : [role('reload'), role('toggleDevTools'), separator]),
        role('resetZoom'),
        role('zoomIn'),
        role('zoomOut'),
        separator,
        role('togglefullscreen'),
      ],
    },
    {
      label: 'Message',
      items: [
        command('Next Message', 'next-message'),
        command('Previous Message', 'previous-message'),
        separator,
        command('Reply', 'reply'),
        command('Reply All', 'reply-all'),
        command('Forward', 'forward'),
        separator,
        command('Star or Unstar', 'toggle-star'),
        command('Mark as Unread', 'mark-unread'),
        command('Delete', 'delete'),
      ],
    },
    {
      label: 'Window',
      role: 'windowMenu',
      items: mac ? [] : [role('minimize'), role('close')],
    },
    { label: 'Help', role: 'help', items: [role('about')] },
  );
  return menus;
}
