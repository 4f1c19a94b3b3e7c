import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MailwrightError } from '../model/errors';
import { MAX_IMAGE_BYTES, fetchRemoteImage } from './remote-image';

// A real HTTP server on loopback stands for the sender's image host.
let server: Server;
let base = '';
const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/pixel.gif') {
      res.writeHead(200, { 'Content-Type': 'image/gif' });
      res.end(GIF);
    } else if (req.url === '/page') {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end('<script>1</script>');
    } else if (req.url === '/huge') {
      res.writeHead(200, { 'Content-Type': 'image/png' });
      res.end(Buffer.alloc(MAX_IMAGE_BYTES + 1));
    } else {
      res.writeHead(404, 'Not Found');
      res.end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

async function kindOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'resolved';
  } catch (e) {
    return e instanceof MailwrightError ? e.kind : 'other';
  }
}

describe('fetchRemoteImage', () => {
  it('returns an image as a data: URL', async () => {
    const { dataUrl } = await fetchRemoteImage(`${base}/pixel.gif`);
    expect(dataUrl).toBe(`data:image/gif;base64,${GIF.toString('base64')}`);
  });

  it('refuses what is not an image, a refusal, too big, other schemes and credentials', async () => {
    expect(await kindOf(fetchRemoteImage(`${base}/page`))).toBe('protocol');
    expect(await kindOf(fetchRemoteImage(`${base}/nothing`))).toBe('server-said-no');
    expect(await kindOf(fetchRemoteImage(`${base}/huge`))).toBe('bad-input');
    expect(await kindOf(fetchRemoteImage('file:///etc/passwd'))).toBe('bad-input');
    expect(await kindOf(fetchRemoteImage(`http://u:p@127.0.0.1:1/x.gif`))).toBe('bad-input');
    expect(await kindOf(fetchRemoteImage('not a url'))).toBe('bad-input');
  });

  it('a closed port is a network error', async () => {
    expect(await kindOf(fetchRemoteImage('http://127.0.0.1:1/x.gif'))).toBe('network');
  });
});
