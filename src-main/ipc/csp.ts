/**
 * The renderer's Content-Security-Policy, the same in both shells: scripts and styles
 * only from our own files (no inline script, no eval, nothing remote), images from our
 * files and data:/blob:, no plugins, no framing, no forms posting anywhere.
 * `connect` lists what the page may open besides 'self' (the browser shell's WebSocket).
 */
export function contentSecurityPolicy(connect: readonly string[] = []): string {
  const directives: [string, ...string[]][] = [
    ['default-src', "'none'"],
    ['script-src', "'self'"],
    ['style-src', "'self'"],
    ['img-src', "'self'", 'data:', 'blob:'],
    ['font-src', "'self'"],
    ['connect-src', "'self'", ...connect],
    ['manifest-src', "'self'"],
    ['object-src', "'none'"],
    ['base-uri', "'none'"],
    ['form-action', "'none'"],
    ['frame-ancestors', "'none'"],
  ];
  return directives.map((d) => d.join(' ')).join('; ');
}
