/**
 * The browser shell's WebSocket messages, one JSON object per text frame:
 *   client → server  { "id": 7, "channel": "accounts.list", "arg": ... }
 *   server → client  { "id": 7, "result": { "ok": true, "value": ... } }
 *                    { "event": "accounts-changed", "payload": ... }
 * The router checks the channel and argument; this only checks the envelope.
 */
import type { EventMessage, Result } from '../ipc/contract';

export interface ClientCall {
  id: number;
  channel: string;
  arg: unknown;
}

export type Decoded = { ok: true; call: ClientCall } | { ok: false; id: number | null; problem: string };

export function decodeClientMessage(text: string): Decoded {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, id: null, problem: 'The message is not JSON.' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, id: null, problem: 'The message must be a JSON object.' };
  }
  const { id, channel, arg, ...rest } = value as Record<string, unknown>;
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 0) {
    return { ok: false, id: null, problem: 'The message needs a whole-number "id".' };
  }
  if (typeof channel !== 'string') return { ok: false, id, problem: 'The message needs a "channel" string.' };
  if (Object.keys(rest).length > 0) {
    return { ok: false, id, problem: 'The message may hold only "id", "channel" and "arg".' };
  }
  return { ok: true, call: { id, channel, arg } };
}

export function encodeResult(id: number | null, result: Result<unknown>): string {
  return JSON.stringify({ id, result });
}

export function encodeEvent(message: EventMessage): string {
  return JSON.stringify(message);
}
