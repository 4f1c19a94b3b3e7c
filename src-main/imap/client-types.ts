/**
 * The vocabulary of ImapClient (client.ts): what a command may ask of it, what it gets back,
 * and the client's own options. Kept apart so the state machine file holds only behaviour.
 */
import type { MailwrightError } from '../model/errors';
import type { FramingLimits } from './framing';
import type { TaggedResponse, UntaggedData } from './types';

export interface ExecuteOptions {
  /** Which untagged responses this command keeps in its result. */
  collect?: (data: UntaggedData) => boolean;
  /** Answers a `+` continuation that is not a literal's (AUTHENTICATE challenges, IDLE's "+ idling"). */
  onContinuation?: (text: string) => void;
  /**
   * Runs once the command's turn has come, just before it is written (after every command it
   * must wait for): SELECT uses it to start the new mailbox's state at the right moment.
   */
  beforeSend?: () => void;
  /**
   * Run alone, as state-changing commands do: for commands whose untagged answers cannot be
   * told apart from another command's (a plain SEARCH without ESEARCH's TAG).
   */
  exclusive?: boolean;
  /** Return NO/BAD as a result instead of throwing. */
  allowNo?: boolean;
  /** The command carries a secret (password literal, SASL response): the transcript shows only sizes. */
  secret?: boolean;
}

export interface CommandResult {
  tagged: TaggedResponse;
  untagged: UntaggedData[];
}

/** A command sent and not yet completed (client-internal). */
export interface Pending {
  tag: string;
  name: string;
  collect: ((data: UntaggedData) => boolean) | undefined;
  onContinuation: ((text: string) => void) | undefined;
  untagged: UntaggedData[];
  resolve(tagged: TaggedResponse): void;
  reject(e: MailwrightError): void;
}

export type UntaggedListener = (data: UntaggedData) => void;

export interface ImapClientOptions {
  limits?: Partial<FramingLimits>;
  /** Read chunk size for the connection. */
  readChunk?: number;
  /** The connection's idle timeout outside IDLE (IDLE raises it, then puts this back). */
  idleTimeoutMs?: number;
}
