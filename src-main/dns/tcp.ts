/**
 * One DNS exchange over TCP (used after a truncated UDP answer). One connection per
 * query, closed after the answer: Mailwright sends few TCP queries, so pooling would
 * be complexity without benefit. A frame that is not our answer is skipped.
 */
import { connect, type Socket } from 'node:net';
import { MailwrightError } from '../model/errors';
import { formatEndpoint, type Endpoint } from './endpoint';
import { frameMessage, LengthPrefixedFramer } from './framer';
import { assertDestinationAllowed } from './guard';
import { isAnswerTo } from './match';
import type { DnsMessage, Question } from './types';
import { decodeMessage } from './codec';

export interface TcpExchange {
  server: Endpoint;
  query: Uint8Array;
  id: number;
  question: Question;
  timeoutMs: number;
  signal?: AbortSignal;
}

export function tcpExchange(x: TcpExchange): Promise<DnsMessage> {
  assertDestinationAllowed(x.server.address);
  const server = formatEndpoint(x.server);
  return new Promise<DnsMessage>((resolve, reject) => {
    let done = false;
    let socket: Socket | undefined;
    const framer = new LengthPrefixedFramer();
    const finish = (err: unknown, msg?: DnsMessage): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      x.signal?.removeEventListener('abort', onAbort);
      socket?.destroy();
      if (msg !== undefined) resolve(msg);
      else reject(err);
    };
    const onAbort = (): void =>
      finish(
        new MailwrightError(
          'timeout',
          `The DNS query to ${server} over TCP was stopped: the lookup ran out of time.`,
        ),
      );
    const timer = setTimeout(
      () =>
        finish(
          new MailwrightError(
            'timeout',
            `The DNS server ${server} did not answer over TCP in ${x.timeoutMs} ms.`,
            {
              code: 'DNS_TIMEOUT',
            },
          ),
        ),
      x.timeoutMs,
    );
    if (x.signal?.aborted === true) return onAbort();
    x.signal?.addEventListener('abort', onAbort, { once: true });

    const sock = connect({ host: x.server.address, port: x.server.port });
    socket = sock;
    sock.on('connect', () => sock.write(frameMessage(x.query)));
    sock.on('data', (chunk: Buffer) => {
      let frames: Uint8Array[];
      frames = framer.push(chunk);
      for (const frame of frames) {
        let msg: DnsMessage;
        try {
          msg = decodeMessage(frame);
        } catch (e) {
          // Over TCP the peer is the server we connected to: a malformed frame is its fault.
          return finish(e);
        }
        if (isAnswerTo(msg, x.id, x.question)) return finish(undefined, msg);
      }
    });
    sock.on('error', (e: NodeJS.ErrnoException) =>
      finish(
        new MailwrightError(
          'network',
          `The DNS query to ${server} over TCP failed (${e.code ?? e.message}); check the server.`,
          {
            code: e.code,
            cause: e,
          },
        ),
      ),
    );
    sock.on('close', () =>
      finish(
        new MailwrightError(
          'network',
          `The DNS server ${server} closed the TCP connection before answering; try another server.`,
        ),
      ),
    );
  });
}
