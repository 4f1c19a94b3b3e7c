import * as net from 'node:net';
import * as tls from 'node:tls';
import { MailwrightError } from '../model/errors';
import { connectTimeoutError, mapSocketError, type ErrorContext } from './net-errors';
import { buildTlsOptions } from './tls-options';
import type { ConnectOptions } from './types';

/** Getting a socket: name resolution, TCP connect and the TLS handshake, each bounded in time. */

export type AnySocket = net.Socket | tls.TLSSocket;

export async function resolveAddresses(
  opts: ConnectOptions,
  ctx: ErrorContext,
  budget: number,
): Promise<string[]> {
  if (!opts.lookup || net.isIP(opts.host) !== 0) return [opts.host];
  let timer: NodeJS.Timeout | undefined;
  try {
    const addresses = await Promise.race([
      opts.lookup(opts.host),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(connectTimeoutError(ctx, budget)), budget);
      }),
    ]);
    if (addresses.length === 0) {
      throw new MailwrightError('dns', `The name ${opts.host} has no address: check the server name.`, {
        code: 'NO_ADDRESS',
      });
    }
    return addresses;
  } catch (e) {
    if (e instanceof MailwrightError) throw e;
    throw new MailwrightError('dns', `The name ${opts.host} could not be resolved: check the server name.`, {
      cause: e,
      serverText: e instanceof Error ? e.message : String(e),
    });
  } finally {
    clearTimeout(timer);
  }
}

export function openSocket(
  address: string,
  opts: ConnectOptions,
  ctx: ErrorContext,
  timeoutMs: number,
): Promise<AnySocket> {
  // Our clients write whole commands (or pipelined batches of them) at once: Nagle's
  // algorithm would only hold back the last small write of a batch for a delayed ACK.
  if (opts.tls) {
    const socket = tls.connect({ host: address, port: opts.port, ...buildTlsOptions(opts) });
    socket.setNoDelay(true);
    return handshake(socket, ctx, timeoutMs);
  }
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: address, port: opts.port, noDelay: true });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(connectTimeoutError(ctx, timeoutMs));
    }, timeoutMs);
    socket.once('error', (err) => {
      clearTimeout(timer);
      socket.destroy();
      reject(mapSocketError(err, ctx));
    });
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      resolve(socket);
    });
  });
}

/** Waits for a TLS socket's handshake; errors and the timeout destroy it. */
export function handshake(
  socket: tls.TLSSocket,
  ctx: ErrorContext,
  timeoutMs: number,
): Promise<tls.TLSSocket> {
  return new Promise((resolve, reject) => {
    let phase: ErrorContext['phase'] = ctx.phase;
    const settle = (err: MailwrightError | undefined): void => {
      clearTimeout(timer);
      socket.off('error', onError);
      socket.off('close', onClose);
      socket.off('secureConnect', onSecure);
      if (err) {
        socket.destroy();
        reject(err);
      } else {
        resolve(socket);
      }
    };
    const onError = (err: Error): void => settle(mapSocketError(err, { ...ctx, phase }));
    const onClose = (): void =>
      settle(
        mapSocketError(
          new Error('Client network socket disconnected before secure TLS connection was established'),
          {
            ...ctx,
            phase: 'tls',
          },
        ),
      );
    const onSecure = (): void => settle(undefined);
    const timer = setTimeout(() => settle(connectTimeoutError({ ...ctx, phase }, timeoutMs)), timeoutMs);
    socket.once('connect', () => {
      phase = 'tls';
    });
    socket.on('error', onError);
    socket.on('close', onClose);
    socket.once('secureConnect', onSecure);
  });
}
