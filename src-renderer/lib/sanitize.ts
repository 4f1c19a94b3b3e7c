/**
 * Makes a message's HTML safe to show: DOMPurify removes scripts, handlers, forms and
 * frames; our hooks block remote content (images, backgrounds, CSS url()) until a person
 * says Load, and keep every link's real target visible. The result goes into a sandboxed
 * iframe WITHOUT allow-scripts (see MessageFrame), whose own CSP blocks anything the
 * sanitiser let through by mistake: three walls, any one of which stops a script.
 */
import DOMPurify from 'dompurify';

export interface Sanitized {
  /** Clean HTML without any style: styles are applied through the CSSOM (see below). */
  html: string;
  /** The message's own style sheets, remote url()s blocked. */
  styles: string[];
  /** Remote resources that were blocked. */
  blocked: number;
}

const REMOTE = /^\s*(?:https?:)?\/\//i;
const CSS_URL = /url\(\s*(['"]?)(.*?)\1\s*\)/gi;
const URL_ATTRS = new Set([
  'src',
  'srcset',
  'background',
  'poster',
  'xlink:href',
  'data',
  'action',
  'formaction',
]);
const LINK_SCHEMES = /^(?:https?|mailto):/i;

const FORBID_TAGS = [
  'script',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'applet',
  'form',
  'input',
  'button',
  'textarea',
  'select',
  'link',
  'meta',
  'base',
  'audio',
  'video',
  'source',
  'track',
  'portal',
];

let purifier: ReturnType<typeof DOMPurify> | null = null;
let current = { blocked: 0, styles: [] as string[], remote: new WeakMap<Element, string>() };

// Remote CSS backgrounds stay blocked for good: Load brings in images (<img>), which is
// what "remote content" means to people, and never a tracking pixel in a style.
function cssBlocked(css: string): string {
  return css.replace(CSS_URL, (whole, _q: string, url: string) => {
    if (!REMOTE.test(url)) return whole;
    current.blocked++;
    return 'url("")';
  });
}

function instance(): ReturnType<typeof DOMPurify> {
  if (purifier !== null) return purifier;
  const p = DOMPurify(window);
  p.addHook('uponSanitizeAttribute', (node, data) => {
    const name = data.attrName.toLowerCase();
    if (name === 'style') {
      data.attrValue = cssBlocked(data.attrValue);
      return;
    }
    if (name === 'href' && node.nodeName.toLowerCase() === 'a') return;
    if (URL_ATTRS.has(name) && REMOTE.test(data.attrValue)) {
      current.blocked++;
      data.keepAttr = false;
      // An image's address is kept aside, so Load can fetch it through the main process.
      if (name === 'src' && node.nodeName.toLowerCase() === 'img')
        current.remote.set(node, data.attrValue.trim());
    }
    // srcset lists several URLs: any remote one blocks the attribute.
    if (name === 'srcset' && /(?:^|,)\s*(?:https?:)?\/\//i.test(data.attrValue)) data.keepAttr = false;
  });
  p.addHook('uponSanitizeElement', (node, data) => {
    // Collected here, removed by FORBID_TAGS right after this hook.
    if (data.tagName === 'style' && node.textContent !== null)
      current.styles.push(cssBlocked(node.textContent));
  });
  p.addHook('afterSanitizeAttributes', (node) => {
    const el = node as Element;
    const remote = current.remote.get(el);
    if (remote !== undefined) el.setAttribute('data-mw-remote-src', remote);
    // Inline styles would be refused by the app's CSP (inherited by the frame); the frame
    // re-applies them through the CSSOM, which CSP does not govern.
    const style = el.getAttribute('style');
    if (style !== null) {
      el.removeAttribute('style');
      if (style.trim() !== '') el.setAttribute('data-mw-style', style);
    }
    if (node.nodeName.toLowerCase() !== 'a') return;
    const href = el.getAttribute('href');
    if (href === null) return;
    if (!LINK_SCHEMES.test(href.trim())) {
      // In-page anchors and odd schemes go nowhere; the text stays.
      el.removeAttribute('href');
      return;
    }
    // The real target, shown on hover whatever the text of the link claims.
    el.setAttribute('title', href.trim());
    el.setAttribute('rel', 'noopener noreferrer');
  });
  purifier = p;
  return p;
}

export function sanitizeHtml(html: string): Sanitized {
  const p = instance();
  current = { blocked: 0, styles: [], remote: new WeakMap() };
  const clean = p.sanitize(html, {
    FORBID_TAGS: [...FORBID_TAGS, 'style'],
    FORBID_ATTR: ['ping'],
    ALLOW_DATA_ATTR: false,
    WHOLE_DOCUMENT: false,
    RETURN_TRUSTED_TYPE: false,
  });
  return { html: clean, styles: current.styles, blocked: current.blocked };
}

/**
 * The iframe's document: the clean HTML under a CSP of its own (no script, no remote
 * anything). Images a person chose to load arrive later as data: URLs.
 */
export function frameDocument(clean: string): string {
  const csp = "default-src 'none'; script-src 'none'; img-src data:; style-src 'none'; font-src data:";
  return (
    '<!doctype html><html><head><meta charset="utf-8">' +
    `<meta http-equiv="Content-Security-Policy" content="${csp}">` +
    `</head><body>${clean}</body></html>`
  );
}

/** The frame's base look, applied through the CSSOM. */
export function baseSheet(dark: boolean): string {
  const fg = dark ? '#e6e9ee' : '#1c2330';
  const link = dark ? '#7aa3f3' : '#1d4ed8';
  return (
    `html{color-scheme:${dark ? 'dark' : 'light'}}` +
    `body{margin:0;padding:4px 2px;font:15px/1.6 system-ui,sans-serif;color:${fg};overflow-wrap:anywhere}` +
    `a{color:${link}}img{max-width:100%;height:auto}` +
    'blockquote{margin:0 0 0 .6em;padding-left:.8em;border-left:3px solid #8884}'
  );
}

/** Text with URLs turned into links: pieces to render, never HTML strings. */
export type TextPiece = { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string };

const URL_IN_TEXT = /\bhttps?:\/\/[^\s<>"'()]+[^\s<>"'().,;:!?]/gi;

export function linkify(text: string): TextPiece[] {
  const pieces: TextPiece[] = [];
  let last = 0;
  for (const m of text.matchAll(URL_IN_TEXT)) {
    const at = m.index ?? 0;
    if (at > last) pieces.push({ kind: 'text', text: text.slice(last, at) });
    pieces.push({ kind: 'link', text: m[0], href: m[0] });
    last = at + m[0].length;
  }
  if (last < text.length) pieces.push({ kind: 'text', text: text.slice(last) });
  return pieces;
}
