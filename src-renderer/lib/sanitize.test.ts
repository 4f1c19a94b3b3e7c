import { afterEach, describe, expect, it } from 'vitest';
import { frameDocument, linkify, sanitizeHtml } from './sanitize';

// jsdom here runs scripts ("dangerously", Vitest's default), so a canary that survived
// sanitising would really run: the control test below proves it.
const HOSTILE = [
  '<script>document.body.dataset.pwned = "script"</script>',
  '<img src="x" onerror="document.body.dataset.pwned = \'onerror\'">',
  '<svg><script>document.body.dataset.pwned = "svg"</script></svg>',
  '<a href="javascript:document.body.dataset.pwned=\'href\'">click</a>',
  '<iframe srcdoc="<script>parent.document.body.dataset.pwned=1</script>"></iframe>',
  '<form action="https://evil.example/"><input name="p"></form>',
  '<object data="https://evil.example/x.swf"></object>',
  '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
  '<base href="https://evil.example/">',
  '<div style="background:url(https://tracker.example/bg.png)">styled</div>',
  '<style>p{background:url("https://tracker.example/css.png")}</style>',
  '<img src="https://tracker.example/pixel.gif" alt="pixel">',
  '<img srcset="https://tracker.example/a.png 2x">',
  '<p>Hello <b>world</b></p>',
].join('\n');

// The canary marks the document: the test's `window` is not the scripts' global.
const pwned = () => document.body.dataset.pwned;
afterEach(() => {
  delete document.body.dataset.pwned;
  document.body.innerHTML = '';
});

function mount(html: string): void {
  const holder = document.createElement('div');
  document.body.append(holder);
  holder.innerHTML = html;
  // innerHTML never runs <script>; re-create the scripts as the parser would have.
  for (const old of holder.querySelectorAll('script')) {
    const s = document.createElement('script');
    s.textContent = old.textContent;
    old.replaceWith(s);
  }
}

describe('sanitizeHtml', () => {
  it('control: the canary does run when not sanitised', () => {
    mount('<script>document.body.dataset.pwned = "script"</script>');
    expect(pwned()).toBe('script');
  });

  it('leaves no script, handler, javascript: link, frame, form, object, meta or base', () => {
    const { html } = sanitizeHtml(HOSTILE);
    expect(html).not.toMatch(/<script|onerror|javascript:|<iframe|<form|<input|<object|<meta|<base|<style/i);
    mount(html);
    expect(pwned()).toBeUndefined();
    // Clicking every element (links included) runs nothing either.
    for (const el of document.body.querySelectorAll('*'))
      el.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    expect(pwned()).toBeUndefined();
    expect(html).toContain('<p>Hello <b>world</b></p>');
  });

  it('blocks every remote resource and keeps image addresses aside for Load', () => {
    const { html, styles, blocked } = sanitizeHtml(HOSTILE);
    expect(blocked).toBe(4); // bg style, css url, img, srcset (the <object> goes whole)
    expect(html).not.toMatch(/\ssrc="https?:|srcset=|url\(https?:/i);
    expect(html).toContain('data-mw-remote-src="https://tracker.example/pixel.gif"');
    expect(styles.join('')).not.toContain('tracker.example');
    expect(html).toContain('data-mw-style="background:url(&quot;&quot;)"');
  });

  it('keeps links with their real target in the title and no opener', () => {
    const { html } = sanitizeHtml('<a href="https://real.example/path">https://shown.example/</a>');
    expect(html).toContain('title="https://real.example/path"');
    expect(html).toContain('rel="noopener noreferrer"');
  });

  it('keeps data: and cid: images', () => {
    const { html, blocked } = sanitizeHtml('<img src="data:image/png;base64,AAAA"><img src="cid:logo@x">');
    expect(blocked).toBe(0);
    expect(html).toContain('src="data:image/png;base64,AAAA"');
  });
});

describe('frameDocument', () => {
  it('carries its own CSP: no script and no remote image at all', () => {
    const doc = frameDocument('<p>x</p>');
    expect(doc).toContain("script-src 'none'");
    expect(doc).toContain('img-src data:;');
    expect(doc).not.toMatch(/https?:/);
  });
});

describe('linkify', () => {
  it('turns URLs into links and leaves trailing punctuation as text', () => {
    expect(linkify('See https://example.org/a?b=1. Done')).toEqual([
      { kind: 'text', text: 'See ' },
      { kind: 'link', text: 'https://example.org/a?b=1', href: 'https://example.org/a?b=1' },
      { kind: 'text', text: '. Done' },
    ]);
    expect(linkify('no links here')).toEqual([{ kind: 'text', text: 'no links here' }]);
  });
});
