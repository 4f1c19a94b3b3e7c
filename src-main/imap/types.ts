/**
 * What an IMAP server response *is* (imap-types' half of the split): plain typed values,
 * produced by parser.ts and consumed by the client and its commands.
 */

export type StatusWord = 'OK' | 'NO' | 'BAD';

/** A response code, `[NAME data]` after OK/NO/BAD/PREAUTH/BYE (RFC 3501 §7.1, RFC 9051 §7.1). */
export type ResponseCode =
  | { name: 'UIDVALIDITY' | 'UIDNEXT' | 'UNSEEN'; value: number }
  | { name: 'HIGHESTMODSEQ'; value: bigint }
  | { name: 'PERMANENTFLAGS'; flags: string[] }
  | { name: 'CAPABILITY'; capabilities: string[] }
  | { name: 'APPENDUID'; uidValidity: number; uids: string }
  | { name: 'COPYUID'; uidValidity: number; sourceUids: string; destinationUids: string }
  | { name: 'READ-ONLY' | 'READ-WRITE' | 'TRYCREATE' | 'ALERT' | 'NOMODSEQ' | 'CLOSED' | 'PARSE' }
  /** Any other code, kept with its raw text so nothing the server said is lost. */
  | { name: 'OTHER'; atom: string; text: string | null };

export interface TaggedResponse {
  kind: 'tagged';
  tag: string;
  status: StatusWord;
  code: ResponseCode | null;
  text: string;
}

export interface ContinuationResponse {
  kind: 'continuation';
  code: ResponseCode | null;
  /** The text after `+ ` (for SASL, the base64 challenge). */
  text: string;
}

export interface UntaggedResponse {
  kind: 'untagged';
  data: UntaggedData;
}

export type ImapResponse = TaggedResponse | ContinuationResponse | UntaggedResponse;

export interface ListData {
  type: 'list' | 'lsub';
  /** Mailbox attributes as sent, e.g. `\HasNoChildren`, `\Sent`. */
  attributes: string[];
  delimiter: string | null;
  /** The name decoded to Unicode (modified UTF-7, or UTF-8 when UTF8=ACCEPT is on). */
  mailbox: string;
  /** The name exactly as on the wire, to address the mailbox again if decoding was lossy. */
  rawMailbox: string;
  /** RFC 5258 extended data: CHILDINFO and OLDNAME are understood. */
  childInfo: string[] | null;
  oldName: string | null;
}

export type StatusAttribute =
  'MESSAGES' | 'RECENT' | 'UIDNEXT' | 'UIDVALIDITY' | 'UNSEEN' | 'DELETED' | 'SIZE' | 'HIGHESTMODSEQ';

export interface StatusData {
  type: 'status';
  mailbox: string;
  rawMailbox: string;
  /** Counts as numbers; HIGHESTMODSEQ is 63-bit, so a bigint. Unknown attributes are skipped. */
  values: Partial<Record<Exclude<StatusAttribute, 'HIGHESTMODSEQ'>, number>> & { HIGHESTMODSEQ?: bigint };
}

export interface EsearchData {
  type: 'esearch';
  tag: string | null;
  uid: boolean;
  min: number | null;
  max: number | null;
  count: number | null;
  /** A sequence set (e.g. `1:3,7`), as sent. */
  all: string | null;
  modseq: bigint | null;
}

export interface Address {
  name: string | null;
  adl: string | null;
  mailbox: string | null;
  host: string | null;
}

export interface Envelope {
  date: string | null;
  subject: string | null;
  from: Address[] | null;
  sender: Address[] | null;
  replyTo: Address[] | null;
  to: Address[] | null;
  cc: Address[] | null;
  bcc: Address[] | null;
  inReplyTo: string | null;
  messageId: string | null;
}

export interface Disposition {
  type: string;
  params: Record<string, string>;
}

/** Fields after the basic ones, present only in BODYSTRUCTURE (not BODY). */
export interface BodyExtension {
  md5?: string | null;
  params?: Record<string, string>;
  disposition?: Disposition | null;
  language?: string[] | null;
  location?: string | null;
  /** Anything after the known fields (future extensions), as generic values. */
  rest?: unknown[];
}

export interface SinglePart extends BodyExtension {
  type: 'single';
  mediaType: string;
  subtype: string;
  params: Record<string, string>;
  id: string | null;
  description: string | null;
  encoding: string;
  size: number;
  /** Text parts and message/rfc822 only. */
  lines?: number;
  /** message/rfc822 only. */
  envelope?: Envelope;
  body?: BodyStructure;
}

export interface MultiPart extends BodyExtension {
  type: 'multipart';
  parts: BodyStructure[];
  subtype: string;
}

export type BodyStructure = SinglePart | MultiPart;

export interface BodySection {
  /** The section spec in upper case without brackets, e.g. ``, `TEXT`, `1.2.MIME`, `HEADER.FIELDS (FROM)`. */
  section: string;
  /** `<origin>` of a partial fetch, or null. */
  origin: number | null;
  data: Buffer | null;
  /** True for BINARY[...] (RFC 3516). */
  binary: boolean;
}

export interface FetchAttributes {
  uid?: number;
  flags?: string[];
  /** As sent: `17-Jul-1996 02:44:25 -0700`. */
  internalDate?: string;
  rfc822Size?: number;
  envelope?: Envelope;
  bodyStructure?: BodyStructure;
  modseq?: bigint;
  /** BODY[...] / BINARY[...] / RFC822 / RFC822.HEADER / RFC822.TEXT sections, in order received. */
  sections?: BodySection[];
}

export interface Namespace {
  /** Decoded to Unicode like mailbox names. */
  prefix: string;
  delimiter: string | null;
}

/** RFC 2342 NAMESPACE: each list is null when the server has none of that kind. */
export interface NamespaceData {
  type: 'namespace';
  personal: Namespace[] | null;
  otherUsers: Namespace[] | null;
  shared: Namespace[] | null;
}

export type UntaggedData =
  | { type: 'condition'; status: StatusWord | 'PREAUTH' | 'BYE'; code: ResponseCode | null; text: string }
  | { type: 'capability'; capabilities: string[] }
  | { type: 'enabled'; capabilities: string[] }
  | ListData
  | StatusData
  | { type: 'search'; numbers: number[]; modseq: bigint | null }
  | EsearchData
  | { type: 'exists'; count: number }
  | { type: 'recent'; count: number }
  | { type: 'expunge'; seq: number }
  | { type: 'vanished'; earlier: boolean; uids: string }
  | { type: 'flags'; flags: string[] }
  | { type: 'fetch'; seq: number; attributes: FetchAttributes }
  | NamespaceData
  /** RFC 2971 ID: the server's field/value pairs, or null for `ID NIL`. */
  | { type: 'id'; fields: Record<string, string | null> | null }
  /** A response we do not interpret (METADATA, QUOTA ...), with its name and raw text. */
  | { type: 'other'; name: string; text: string };
