/**
 * `images.fetch`: one remote image a person chose to load ("Remote content blocked —
 * Load"), fetched here and handed to the renderer as a data: URL. The renderer's CSP
 * allows no remote images at all, so this is the only way one reaches the screen: only
 * http(s), only an image type, at most 5 MB, 15 s, no credentials or cookies, no referrer.
 */
import { MailwrightError } from '../model/errors';

export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
const TIMEOUT_MS = 15_000;

export type Fetcher = (url: string, init: RequestInit) => Promise<Response>;

export async function fetchRemoteImage(raw: string, fetcher: Fetcher = fetch): Promise<{ dataUrl: string }> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new MailwrightError('bad-input', 'That image address is not a URL; nothing was loaded.');
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.username !== '' || url.password !== '') {
    throw new MailwrightError(
      'bad-input',
      'Only http and https images can be loaded; this one was left out.',
    );
  }
  let response: Response;
  try {
    response = await fetcher(url.href, {
      redirect: 'follow',
      credentials: 'omit',
      referrerPolicy: 'no-referrer',
      headers: { Accept: 'image/*' },
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (e) {
    throw new MailwrightError('network', `The image at ${url.host} could not be loaded; try again later.`, {
      cause: e,
    });
  }
  if (!response.ok) {
    throw new MailwrightError(
      'server-said-no',
      `The image server ${url.host} refused the image; it stays blocked.`,
      {
        code: String(response.status),
        serverText: response.statusText,
      },
    );
  }
  const type = (response.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (!/^image\/[a-z0-9.+-]+$/.test(type)) {
    await response.body?.cancel();
    throw new MailwrightError('protocol', `The address from ${url.host} is not an image; it stays blocked.`);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = response.body?.getReader();
  while (reader !== undefined) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_IMAGE_BYTES) {
      await reader.cancel();
      throw new MailwrightError(
        'bad-input',
        `The image from ${url.host} is larger than 5 MB; it stays blocked.`,
      );
    }
    chunks.push(value);
  }
  return { dataUrl: `data:${type};base64,${Buffer.concat(chunks).toString('base64')}` };
}
