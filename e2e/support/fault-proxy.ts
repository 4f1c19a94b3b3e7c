/**
 * A TCP proxy for tests that injects network faults between a client and a real server:
 * cut the connection after N bytes, stall (stop forwarding) after N bytes, delay each chunk,
 * or split the stream into 1-byte chunks, independently in each direction.
 *
 * Bounded in time: the proxy closes itself after `maxLifetimeMs` (default 60 s), and close()
 * destroys every socket it holds, so a test that forgets it cannot hang the run.
 * Listens on loopback only.
 */
import * as net from 'node:net';

export type Direction = 'clientToServer' | 'serverToClient';

export interface DirectionFaults {
  /** After forwarding this many bytes in this direction, drop both sides. */
  cutAfterBytes?: number;
  /** 'close' (default) ends both sockets with FIN; 'reset' sends RST to the client side. */
  cutMode?: 'close' | 'reset';
  /** After forwarding this many bytes, silently stop forwarding (the sockets stay open). */
  stallAfterBytes?: number;
  /** Wait this long before forwarding each chunk (order is kept). */
  delayMs?: number;
  /** Forward one byte per write, waiting `oneByteGapMs` (default 1 ms) between bytes. */
  oneByteChunks?: boolean;
  oneByteGapMs?: number;
}

export interface FaultProxyOptions {
  target: { host: string; port: number };
  /** Default 127.0.0.1. Must be a loopback address. */
  listenHost?: string;
  faults?: Partial<Record<Direction, DirectionFaults>>;
  /** The proxy closes itself after this long. Default 60 000 ms. */
  maxLifetimeMs?: number;
}

export interface FaultProxyStats {
  connections: number;
  /** Bytes forwarded, per direction. */
  forwarded: Record<Direction, number>;
  /** Writes made, per direction (with oneByteChunks this equals bytes). */
  writes: Record<Direction, number>;
  cuts: number;
  stalls: number;
  /** Upstream connect failures (the target refused). */
  upstreamErrors: number;
}

export interface FaultProxy {
  host: string;
  port: number;
  stats: FaultProxyStats;
  close(): Promise<void>;
}

export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const listenHost = options.listenHost ?? '127.0.0.1';
  if (!listenHost.startsWith('127.'))
    throw new Error(`fault proxy listens on loopback only, not ${listenHost}`);
  const stats: FaultProxyStats = {
    connections: 0,
    forwarded: { clientToServer: 0, serverToClient: 0 },
    writes: { clientToServer: 0, serverToClient: 0 },
    cuts: 0,
    stalls: 0,
    upstreamErrors: 0,
  };
  const sockets = new Set<net.Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let closed = false;

  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.add(t);
    });

  const track = (s: net.Socket): net.Socket => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    // A reset or a cut must never become an uncaught exception in the test process.
    s.on('error', () => {});
    return s;
  };

  const server = net.createServer((client) => {
    stats.connections += 1;
    track(client);
    client.pause();
    const upstream = track(net.connect({ host: options.target.host, port: options.target.port }));
    upstream.setNoDelay(true);
    client.setNoDelay(true);
    upstream.once('error', () => {
      stats.upstreamErrors += 1;
      client.destroy();
    });
    upstream.once('connect', () => {
      pipe(client, upstream, 'clientToServer');
      pipe(upstream, client, 'serverToClient');
      client.resume();
    });
  });

  /** Forwards `from` to `to` chunk by chunk, applying this direction's faults. */
  function pipe(from: net.Socket, to: net.Socket, dir: Direction): void {
    const f = options.faults?.[dir] ?? {};
    let sent = 0;
    let stalled = false;
    let cut = false;
    // One chunk at a time: pausing the source keeps order and gives TCP back-pressure.
    let queue = Promise.resolve();

    const cutNow = (): void => {
      cut = true;
      stats.cuts += 1;
      const client = dir === 'clientToServer' ? from : to;
      const upstream = dir === 'clientToServer' ? to : from;
      if (f.cutMode === 'reset') client.resetAndDestroy();
      else client.destroy();
      upstream.destroy();
    };

    const writeOne = (piece: Buffer): Promise<void> =>
      new Promise((resolve) => {
        stats.writes[dir] += 1;
        stats.forwarded[dir] += piece.length;
        if (to.destroyed || !to.writable) return resolve();
        to.write(piece, () => resolve());
      });

    const forward = async (chunk: Buffer): Promise<void> => {
      if (f.delayMs) await sleep(f.delayMs);
      let data = chunk;
      while (data.length > 0 && !cut && !stalled && !closed) {
        const limits = [f.cutAfterBytes, f.stallAfterBytes].filter((x): x is number => x !== undefined);
        const room = limits.length ? Math.min(...limits) - sent : Infinity;
        if (room <= 0) {
          if (f.cutAfterBytes !== undefined && sent >= f.cutAfterBytes) cutNow();
          else {
            stalled = true;
            stats.stalls += 1;
          }
          return;
        }
        const take = f.oneByteChunks ? 1 : Math.min(room, data.length);
        const piece = data.subarray(0, take);
        data = data.subarray(take);
        await writeOne(piece);
        sent += take;
        if (f.oneByteChunks && data.length > 0) await sleep(f.oneByteGapMs ?? 1);
      }
      // The limit may be reached exactly at the end of a chunk: act now, not on the next chunk.
      if (!cut && f.cutAfterBytes !== undefined && sent >= f.cutAfterBytes) cutNow();
      else if (!stalled && f.stallAfterBytes !== undefined && sent >= f.stallAfterBytes) {
        stalled = true;
        stats.stalls += 1;
      }
    };

    // A zero limit acts before any byte arrives (e.g. a server that never speaks).
    if (f.cutAfterBytes === 0) queue = queue.then(() => cutNow());
    else if (f.stallAfterBytes === 0) {
      stalled = true;
      stats.stalls += 1;
    }

    from.on('data', (chunk: Buffer) => {
      if (cut || closed) return;
      if (stalled) return; // swallowed: a stall forwards nothing more
      from.pause();
      queue = queue
        .then(() => forward(chunk))
        .finally(() => {
          if (!from.destroyed) from.resume();
        });
    });
    from.on('end', () => {
      // Half-close passes through once everything before it was forwarded.
      void queue.then(() => {
        if (!cut && !stalled && !to.destroyed) to.end();
      });
    });
    from.on('close', () => {
      void queue.then(() => {
        if (!cut && !stalled) to.destroy();
      });
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, listenHost, () => resolve());
  });
  const address = server.address() as net.AddressInfo;

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve) => {
      closed = true;
      clearTimeout(lifetime);
      for (const t of timers) clearTimeout(t);
      timers.clear();
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
    return closing;
  };
  const lifetime = setTimeout(() => void close(), options.maxLifetimeMs ?? 60_000);
  lifetime.unref();

  return { host: listenHost, port: address.port, stats, close };
}
