import { describe, expect, it } from 'vitest';
import type { MenuCommand } from '../ipc/contract';
import { menuTemplate, SHORTCUTS, type MenuItemSpec, type MenuSpec } from './menu';

const allCommands: MenuCommand[] = [
  'next-message',
  'previous-message',
  'reply',
  'reply-all',
  'forward',
  'compose',
  'toggle-star',
  'mark-unread',
  'search',
  'delete',
  'add-account',
];

function items(menus: MenuSpec[]): MenuItemSpec[] {
  return menus.flatMap((m) => m.items);
}
function commands(menus: MenuSpec[]) {
  return items(menus).filter((i): i is Extract<MenuItemSpec, { kind: 'command' }> => i.kind === 'command');
}

describe('menuTemplate', () => {
  it('has File, Edit, View, Message, Window, Help, and the app menu first on macOS', () => {
    expect(menuTemplate({ platform: 'linux', packaged: true }).map((m) => m.label)).toEqual([
      'File',
      'Edit',
      'View',
      'Message',
      'Window',
      'Help',
    ]);
    const mac = menuTemplate({ platform: 'darwin', packaged: true });
    expect(mac[0]).toMatchObject({ label: 'Mailwright', role: 'appMenu' });
    expect(mac.slice(1).map((m) => m.label)).toEqual(['File', 'Edit', 'View', 'Message', 'Window', 'Help']);
  });

  it('offers every menu command exactly once', () => {
    for (const platform of ['linux', 'win32', 'darwin'] as const) {
      const names = commands(menuTemplate({ platform, packaged: true })).map((c) => c.command);
      expect([...names].sort()).toEqual([...allCommands].sort());
    }
  });

  it("shows the renderer's keys on Linux and Windows but never registers them", () => {
    const linux = commands(menuTemplate({ platform: 'linux', packaged: true }));
    const shown = Object.fromEntries(
      linux.filter((c) => c.accelerator).map((c) => [c.command, c.accelerator]),
    );
    expect(shown).toEqual({
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
    });
    expect(shown).toEqual(SHORTCUTS);
    expect(linux.every((c) => !c.registerAccelerator)).toBe(true);
  });

  it('puts no single-key accelerator on macOS, where it would fire while typing', () => {
    const mac = commands(menuTemplate({ platform: 'darwin', packaged: true }));
    expect(mac.filter((c) => c.accelerator !== undefined)).toEqual([]);
  });

  it('offers developer tools only in a development run', () => {
    const roles = (packaged: boolean) =>
      items(menuTemplate({ platform: 'linux', packaged }))
        .filter((i) => i.kind === 'role')
        .map((i) => (i.kind === 'role' ? i.role : ''));
    expect(roles(true)).not.toContain('toggleDevTools');
    expect(roles(true)).not.toContain('reload');
    expect(roles(false)).toContain('toggleDevTools');
  });
});
