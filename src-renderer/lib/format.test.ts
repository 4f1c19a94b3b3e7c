import { describe, expect, it } from 'vitest';
import { formatCount } from './format';

describe('formatCount', () => {
  it('puts the noun in the number the count needs', () => {
    expect(formatCount(0, 'message')).toBe('0 messages');
    expect(formatCount(1, 'message')).toBe('1 message');
    expect(formatCount(2, 'attachment')).toBe('2 attachments');
    expect(formatCount(1, 'reply', 'replies')).toBe('1 reply');
    expect(formatCount(3, 'reply', 'replies')).toBe('3 replies');
  });

  it('groups the digits of large counts', () => {
    expect(formatCount(100_000, 'message')).toBe((100_000).toLocaleString() + ' messages');
  });
});
