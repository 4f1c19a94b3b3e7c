import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { contentSecurityPolicy } from '../ipc/csp';
import type { Router } from '../ipc/router';
import { MailwrightError } from '../model/errors';
import { decideHttp, decideUpgrade, PROTOCOL, type Decision, type RequestFacts } from './guard';
import { contentType, readStatic, resolveStaticPath } from './static-files';
import { decodeClientMessage, encodeEvent, encodeResult } from './wire';

export interface WebShellOptions {
  /** 0 picks a free port. */
  port: number;
  token: string;
  /** The built renderer (dist-renderer/). */
  staticDir: string;
  router: Router;
}

export interface WebShell {
  port: number;
  /** The address to open, token included. */
  url: string;
  close(): Promise<void>;
}

/** One frame of JSON at most; a request argument is never near this. */
const MAX_MESSAGE_BYTES = 1024 * 1024;

function facts(req: IncomingMessage): RequestFacts {
  const target = req.url ?? '/';
  const q = target.search(/[?#]/);
  return {
    method: req.method,
    path: q === -1 ? target : target.slice(0, q),
    host: req.headers.host,
    origin: req.headers.origin,
  };
}

function securityHeaders(port: number): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy([`ws://127.0.0.1:${port}`, `ws://localhost:${port}`]),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Cache-Control': 'no-store',
  };
}

function refuseHttp(res: ServerResponse, decision: Extract<Decision, { allow: false }>, port: number): void {
  res.writeHead(decision.status, { ...securityHeaders(port), 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(`${decision.reason}\n`);
}

function refuseUpgrade(socket: Duplex, decision: Extract<Decision, { allow: false }>): void {
  const body = `${decision.reason}\n`;
  const status = decision.status === 403 ? 'Forbidden' : decision.status === 404 ? 'Not Found' : 'Refused';
  socket.end(
    `HTTP/1.1 ${decision.status} ${status}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

/** Serves the renderer and the contract on 127.0.0.1; resolves once listening. */
export async function startWebShell(options: WebShellOptions): Promise<WebShell> {
  const { token, staticDir, router } = options;
  let port = options.port;

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_MESSAGE_BYTES,
    // Answer with the protocol name only: the token is never echoed back.
    handleProtocols: () => PROTOCOL,
  });

  const server = createServer((req, res) => {
    const decision = decideHttp(facts(req), port);
    if (!decision.allow) return refuseHttp(res, decision, port);
    void serveStatic(req, res);
  });

  async function serveStatic(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = resolveStaticPath(staticDir, facts(req).path);
    const body = path === undefined ? undefined : await readStatic(path);
    if (path === undefined || body === undefined) {
      return refuseHttp(res, { allow: false, status: 404, reason: 'Not found' }, port);
    }
    res.writeHead(200, {
      ...securityHeaders(port),
      'Content-Type': contentType(path),
      'Content-Length': String(body.length),
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const decision = decideUpgrade(
      { ...facts(req), protocols: req.headers['sec-websocket-protocol'] },
      port,
      token,
    );
    if (!decision.allow) return refuseUpgrade(socket, decision);
    wss.handleUpgrade(req, socket, head, (ws) => serveSocket(ws));
  });

  function serveSocket(ws: WebSocket): void {
    const unsubscribe = router.subscribe((message) => {
      if (ws.readyState === ws.OPEN) ws.send(encodeEvent(message));
    });
    ws.on('close', unsubscribe);
    ws.on('error', () => ws.terminate());
    ws.on('message', (data, isBinary) => {
      if (isBinary) {
        const error = new MailwrightError('bad-input', 'Send requests as JSON text frames.').toJSON();
        ws.send(encodeResult(null, { ok: false, error }));
        return;
      }
      const decoded = decodeClientMessage(data.toString());
      if (!decoded.ok) {
        const error = new MailwrightError('bad-input', decoded.problem).toJSON();
        ws.send(encodeResult(decoded.id, { ok: false, error }));
        return;
      }
      const { id, channel, arg } = decoded.call;
      void router.call(channel, arg).then((result) => {
        if (ws.readyState === ws.OPEN) ws.send(encodeResult(id, result));
      });
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;

  return {
    port,
    url: `http://127.0.0.1:${port}/#token=${token}`,
    async close() {
      for (const client of wss.clients) client.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
