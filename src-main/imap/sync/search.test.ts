import { describe, expect, it } from 'vitest';
import { serializeCommand } from '../serialize';
import { textCriteria } from './search';

const wire = (words: string[], literalPlus = false): string =>
  serializeCommand('a1', 'UID SEARCH', textCriteria(words), { literalPlus })
    .parts.map((p) => p.toString('utf8'))
    .join('');

describe('textCriteria (UID SEARCH for "every word, in the headers or the body")', () => {
  it('ASCII words: one TEXT each (ANDed), quoted even when atom-like, no CHARSET', () => {
    expect(wire(['usual'])).toBe('a1 UID SEARCH TEXT "usual"\r\n');
    expect(wire(['usual', 'noon'])).toBe('a1 UID SEARCH TEXT "usual" TEXT "noon"\r\n');
    expect(wire(['say "hi"'])).toBe('a1 UID SEARCH TEXT "say \\"hi\\""\r\n');
  });

  it('a non-ASCII word: CHARSET UTF-8 first, the word as a UTF-8 literal', () => {
    expect(wire(['smørrebrød', 'x'], true)).toBe(
      'a1 UID SEARCH CHARSET UTF-8 TEXT {12+}\r\nsmørrebrød TEXT "x"\r\n',
    );
  });

  it('a word with CR or LF cannot break the command line: it goes as a literal', () => {
    expect(wire(['a\r\nb LOGOUT'], true)).toBe('a1 UID SEARCH TEXT {11+}\r\na\r\nb LOGOUT\r\n');
  });

  it('no words, no criteria', () => {
    expect(textCriteria([])).toEqual([]);
  });
});
