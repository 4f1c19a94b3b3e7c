import { useEffect, useMemo, useRef } from 'react';
import { baseSheet, frameDocument, sanitizeHtml } from '../lib/sanitize';

/**
 * A message's HTML in an iframe sandboxed WITHOUT allow-scripts: nothing in it runs.
 * `allow-same-origin` (and only that) lets this component, from outside, apply the
 * message's styles through the CSSOM, put in images a person chose to load, and catch
 * link clicks so a link opens only after a second, explicit click that shows its target.
 */
export function MessageFrame({
  html,
  dark,
  images,
  onBlocked,
  onLink,
  onHover,
}: {
  html: string;
  dark: boolean;
  /** Remote image URL → data: URL, once loaded; null while remote content is blocked. */
  images: ReadonlyMap<string, string> | null;
  onBlocked: (count: number, urls: string[]) => void;
  onLink: (href: string) => void;
  onHover: (href: string | null) => void;
}) {
  const ref = useRef<HTMLIFrameElement>(null);
  const clean = useMemo(() => sanitizeHtml(html), [html]);
  const srcDoc = useMemo(() => frameDocument(clean.html), [clean]);
  const callbacks = useRef({ onLink, onHover });
  callbacks.current = { onLink, onHover };

  useEffect(() => {
    const urls = remoteUrls(clean.html);
    onBlocked(clean.blocked, urls);
  }, [clean, onBlocked]);

  function apply() {
    const frame = ref.current;
    const doc = frame?.contentDocument;
    if (frame === null || doc === null || doc === undefined || doc.body === null) return;
    const win = doc.defaultView as (Window & typeof globalThis) | null;
    if (win === null) return;
    const sheets: CSSStyleSheet[] = [];
    for (const css of [baseSheet(dark), ...clean.styles]) {
      const sheet = new win.CSSStyleSheet();
      try {
        sheet.replaceSync(css);
      } catch {
        continue; // A sheet the browser cannot parse is skipped, not fatal.
      }
      sheets.push(sheet);
    }
    doc.adoptedStyleSheets = sheets;
    for (const el of doc.querySelectorAll<HTMLElement>('[data-mw-style]')) {
      el.style.cssText = el.dataset.mwStyle ?? '';
    }
    if (images !== null) {
      for (const img of doc.querySelectorAll<HTMLImageElement>('img[data-mw-remote-src]')) {
        const data = images.get(img.dataset.mwRemoteSrc ?? '');
        if (data !== undefined) img.src = data;
      }
    }
    doc.onclick = (e) => {
      const a = (e.target as Element | null)?.closest?.('a[href]');
      if (a === null || a === undefined) return;
      e.preventDefault();
      callbacks.current.onLink(a.getAttribute('href') ?? '');
    };
    doc.onmouseover = (e) => {
      const a = (e.target as Element | null)?.closest?.('a[href]');
      callbacks.current.onHover(a?.getAttribute('href') ?? null);
    };
    const fit = () => {
      frame.style.height = `${Math.max(120, doc.documentElement.scrollHeight + 8)}px`;
    };
    fit();
    if (typeof ResizeObserver !== 'undefined') new ResizeObserver(fit).observe(doc.body);
  }

  // Re-apply when the theme or the loaded images change (the document itself stays).
  useEffect(() => {
    if (ref.current?.contentDocument?.readyState === 'complete') apply();
  });

  return (
    <iframe
      ref={ref}
      className="message-frame"
      title="Message content"
      sandbox="allow-same-origin"
      srcDoc={srcDoc}
      referrerPolicy="no-referrer"
      onLoad={apply}
    />
  );
}

function remoteUrls(html: string): string[] {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  return [...doc.querySelectorAll('img[data-mw-remote-src]')]
    .map((img) => img.getAttribute('data-mw-remote-src') ?? '')
    .filter((u) => u !== '');
}
