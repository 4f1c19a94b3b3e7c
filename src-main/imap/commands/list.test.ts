import { describe, expect, it } from 'vitest';
import { patternMatcher } from './list';

describe('LIST pattern matching', () => {
  it('* matches across levels, % within one, INBOX case-insensitively', () => {
    const star = patternMatcher('Work/*');
    expect(star('Work/Projects/2026', '/')).toBe(true);
    expect(star('Workshop', '/')).toBe(false);
    const pct = patternMatcher('Work/%');
    expect(pct('Work/Projects', '/')).toBe(true);
    expect(pct('Work/Projects/2026', '/')).toBe(false);
    expect(patternMatcher('%')('a.b', null)).toBe(true);
    expect(patternMatcher('inbox')('INBOX', '/')).toBe(true);
    expect(patternMatcher('inbox')('Inbox2', '/')).toBe(false);
    expect(patternMatcher('日本語')('日本語', '/')).toBe(true);
    expect(patternMatcher('a.b(c)')('a.b(c)', '.')).toBe(true);
    expect(patternMatcher('a.b(c)')('aXb(c)', '.')).toBe(false);
  });
});
