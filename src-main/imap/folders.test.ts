import { describe, expect, it } from 'vitest';
import { toFolder } from './folders';
import type { ListData } from './types';

const entry = (mailbox: string, attributes: string[], delimiter: string | null = '/'): ListData => ({
  type: 'list',
  attributes,
  delimiter,
  mailbox,
  rawMailbox: mailbox,
  childInfo: null,
  oldName: null,
});

describe('toFolder', () => {
  it('derives name, role, subscription and selectability', () => {
    expect(
      toFolder(entry('Work/Projects/2026', ['\\HasNoChildren']), true, { MESSAGES: 3, UNSEEN: 1 }),
    ).toEqual({
      path: 'Work/Projects/2026',
      name: '2026',
      delimiter: '/',
      flags: ['\\HasNoChildren'],
      specialUse: null,
      subscribed: true,
      selectable: true,
      messages: 3,
      unseen: 1,
    });
    expect(toFolder(entry('Sent Items', ['\\sent']), false, undefined)).toMatchObject({
      specialUse: '\\Sent',
      subscribed: false,
      messages: null,
    });
    expect(toFolder(entry('x', ['\\Noselect', '\\HasChildren']), false, undefined).selectable).toBe(false);
    expect(toFolder(entry('x', ['\\NonExistent', '\\Subscribed']), false, undefined)).toMatchObject({
      selectable: false,
      subscribed: true,
    });
    expect(toFolder(entry('a.b', [], null), false, undefined).name).toBe('a.b');
    expect(toFolder(entry('a.b', [], '.'), false, undefined).name).toBe('b');
  });

  it('knows every special-use role of RFC 6154, whatever the case the server writes it in', () => {
    for (const role of ['\\All', '\\Archive', '\\Drafts', '\\Flagged', '\\Junk', '\\Sent', '\\Trash']) {
      expect(toFolder(entry('F', ['\\HasNoChildren', role.toUpperCase()]), true, undefined).specialUse).toBe(
        role,
      );
      expect(toFolder(entry('F', [role.toLowerCase()]), true, undefined).specialUse).toBe(role);
    }
    // Not a role: an ordinary attribute, or a made-up one.
    expect(toFolder(entry('F', ['\\Marked', '\\Important2']), true, undefined).specialUse).toBeNull();
  });
});
