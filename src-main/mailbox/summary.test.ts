import { describe, expect, it } from 'vitest';
import { encodeSegment } from './layout';
import { arrivalTime, flagsFromMaildir, parseAddressList, toSummary, withFlag } from './summary';

describe('summary helpers', () => {
  it('parses the index address text into addresses', () => {
    expect(parseAddressList('"Ada L." <ada@example.org>, bob@example.org')).toEqual([
      { name: 'Ada L.', address: 'ada@example.org' },
      { name: null, address: 'bob@example.org' },
    ]);
    expect(parseAddressList('  ')).toEqual([]);
  });

  it('maps Maildir letters to flags and back', () => {
    expect(flagsFromMaildir('FRS')).toEqual({
      seen: true,
      flagged: true,
      answered: true,
      draft: false,
      keywords: [],
    });
    expect(withFlag(['R'], 'seen', true)).toEqual(['R', 'S']);
    expect(withFlag(['F', 'S'], 'flagged', false)).toEqual(['S']);
    expect(withFlag(['S'], 'seen', true)).toEqual(['S']);
  });

  it('uses the arrival time from the Maildir name when the Date header is missing', () => {
    expect(arrivalTime('1767225600.M1P2Q3.host')).toBe(1_767_225_600_000);
    const s = toSummary('acc', 'pop3', {
      folder: 'INBOX',
      maildirId: '1767225600.M1P2Q3.host',
      sourceId: 'UID1',
      messageId: '<m@x>',
      date: null,
      from: 'a@x',
      to: '',
      subject: 's',
      snippet: '',
      flags: 'S',
      size: 10,
      hasAttachments: false,
      partial: false,
    });
    expect(s).toMatchObject({
      id: '1767225600.M1P2Q3.host',
      source: { protocol: 'pop3', uidl: 'UID1' },
      messageId: 'm@x',
      date: '2026-01-01T00:00:00.000Z',
      flags: { seen: true },
    });
  });
});

describe('encodeSegment', () => {
  it('makes one safe path segment of any folder name, distinct by case', () => {
    for (const name of ['..', '.', '/', 'a/../b', '\0', '']) {
      const seg = encodeSegment(name);
      expect(seg).not.toMatch(/[/\0]/);
      expect(seg === '.' || seg === '..').toBe(false);
    }
    expect(encodeSegment('Sent')).not.toBe(encodeSegment('sent'));
    expect(encodeSegment('Entwürfe')).toMatch(/^[A-Za-z0-9%_!~*'()-]+$/);
  });
});
