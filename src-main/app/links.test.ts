import { describe, expect, it } from 'vitest';
import { linkAction } from './links';

describe('linkAction (the openExternal filter)', () => {
  it('opens http and https links, re-serialised', () => {
    expect(linkAction('https://example.org/a?b=c#d')).toEqual({
      kind: 'open',
      url: 'https://example.org/a?b=c#d',
    });
    expect(linkAction('HTTP://Example.ORG')).toEqual({ kind: 'open', url: 'http://example.org/' });
    // What is opened is the punycode form the check saw, not the raw text.
    expect(linkAction('https://bücher.example/')).toEqual({
      kind: 'open',
      url: 'https://xn--bcher-kva.example/',
    });
  });

  it('opens our composer for a mailto: link', () => {
    expect(linkAction('mailto:a@x.example?subject=hi')).toEqual({
      kind: 'compose',
      draft: { to: ['a@x.example'], cc: [], bcc: [], subject: 'hi', body: '' },
    });
    expect(linkAction('mailto:a@x.example?attach=/etc/passwd')).toMatchObject({ kind: 'refuse' });
  });

  it('refuses every other scheme', () => {
    for (const url of [
      'javascript:alert(1)',
      'JavaScript:alert(1)',
      'file:///etc/passwd',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:msgbox(1)',
      'blob:https://example.org/0c5e',
      'app://mailwright/index.html',
      'smb://host/share',
      'ms-msdt:/id PCWDiagnostic',
      'ftp://example.org/',
    ]) {
      expect(linkAction(url), url).toMatchObject({ kind: 'refuse' });
    }
    expect(linkAction('file:///etc/passwd')).toEqual({
      kind: 'refuse',
      reason: 'Links of the kind file: are not opened from Mailwright.',
    });
  });

  it('refuses links that hide their host behind credentials', () => {
    expect(linkAction('https://bank.example@evil.example/')).toMatchObject({
      kind: 'refuse',
      reason: expect.stringMatching(/hides its real address/),
    });
    expect(linkAction('https://user:pw@example.org/')).toMatchObject({ kind: 'refuse' });
  });

  it('refuses non-URLs and absurd lengths', () => {
    expect(linkAction('not a url')).toEqual({ kind: 'refuse', reason: 'The link is not a valid address.' });
    expect(linkAction('')).toMatchObject({ kind: 'refuse' });
    expect(linkAction(`https://example.org/${'a'.repeat(9000)}`)).toEqual({
      kind: 'refuse',
      reason: 'The link is too long to open.',
    });
  });
});
