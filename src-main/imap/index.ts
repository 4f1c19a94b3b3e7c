/**
 * The IMAP user agent's public surface. Lower layers: framing.ts (bytes → responses),
 * parse-response.ts (response → typed value), serialize.ts (typed arguments → bytes),
 * client.ts (state machine + pipelined tagged commands), commands/ (one module per command).
 */
export {
  ImapClient,
  type CommandResult,
  type ExecuteOptions,
  type ImapState,
  type UntaggedListener,
} from './client';
export { connectImap, defaultImapPort, type ImapConnectOptions } from './connect';
export { listFolders, toFolder, type FolderInfo, type SpecialUse } from './folders';
export type { SelectedMailbox } from './mailbox-state';
export { append, appendMany, imapDateTime, type AppendOptions, type AppendResult } from './commands/append';
export { authenticate, type LoginOptions } from './commands/authenticate';
export { capability, noop } from './commands/capability';
export { uidCopy, uidMove, type CopyResult, type MoveOptions } from './commands/copy-move';
export { enable } from './commands/enable';
export { expunge, uidExpunge } from './commands/expunge';
export { uidFetch, type FetchedMessage, type FetchOptions } from './commands/fetch';
export { idle, IDLE_RENEW_MS, type IdleHandle } from './commands/idle';
export { list, type ListOptions, type ListResult } from './commands/list';
export { createMailbox, deleteMailbox, renameMailbox, subscribe, unsubscribe } from './commands/mailboxes';
export { uidSearch } from './commands/search';
export { select, unselect, type SelectOptions } from './commands/select';
export { status } from './commands/status';
export { checkFlag, uidStore, type StoreMode } from './commands/store';
export { watch, type Watcher, type WatchOptions } from './commands/watch';
export { decodeEncodedWords, formatAddress, messageDate, parseInternalDate } from './display';
export { ImapFramer, type FrameResult, type FramingLimits } from './framing';
export { decodeMutf7, encodeMutf7 } from './mutf7';
export { decodeMailboxName, parseResponse, type ParseOptions } from './parse-response';
export { countSet, expandSequenceSet, sequenceSet, setMatcher } from './sequence-set';
export {
  astring,
  list as listArg,
  literal,
  mailbox,
  qstring,
  raw,
  serializeCommand,
  type Arg,
} from './serialize';
export type * from './types';
