/** The browser shell's address as global setup read it, split into its parts. */
export function webShell(): { url: string; origin: string; port: number; token: string } {
  const url = process.env.MAILWRIGHT_WEB_URL;
  if (url === undefined) throw new Error('MAILWRIGHT_WEB_URL is not set: run through playwright.config.ts');
  const parsed = new URL(url);
  const token = new URLSearchParams(parsed.hash.slice(1)).get('token') ?? '';
  return { url, origin: parsed.origin, port: Number(parsed.port), token };
}
