/**
 * Whether a decoded message is the answer to our query (RFC 5452 §9.1): a response with
 * our ID and exactly our question (name compared case-insensitively, type, class).
 * Anything else is ignored by the transport, which keeps waiting.
 */
import type { DnsMessage, Question } from './types';
import { namesEqual } from './codec';

export function isAnswerTo(msg: DnsMessage, id: number, q: Question): boolean {
  if (!msg.header.qr || msg.header.id !== id || msg.header.opcode !== 0) return false;
  const got = msg.questions[0];
  return (
    msg.questions.length === 1 &&
    got !== undefined &&
    got.type === q.type &&
    got.class === q.class &&
    namesEqual(got.name, q.name)
  );
}

/** The 16-bit ID at the start of a packet, or -1 when it is too short to have one. */
export function packetId(bytes: Uint8Array): number {
  return bytes.length < 2 ? -1 : (bytes[0]! << 8) | bytes[1]!;
}
