/**
 * The IMAP user agent's public surface. Lower layers: framing.ts (bytes → responses),
 * parse-response.ts (response → typed value), serialize.ts (typed arguments → bytes),
 * client.ts (state machine + pipelined tagged commands), commands/ (one module per command).
 *
 * Typical use:
 *   const c = await connectImap({ host, tls: 'implicit', servername, ca, user, password,
 *                                 enable: ['CONDSTORE'] });          // → Authenticated
 *   const folders = await listFolders(c);                           // Unicode paths, roles, counts
 *   const box = await select(c, 'INBOX');                           // → Selected; box.uidValidity ...
 *   const [a, b] = await Promise.all([                              // independent commands pipeline
 *     uidFetch(c, '1:500', ['FLAGS', 'ENVELOPE']), uidFetch(c, '501:*', ['FLAGS', 'ENVELOPE'])]);
 *   const w = watch(c, (d) => { if (d.type === 'exists') ... });    // IDLE, or NOOP polling
 *   await w.stop(); await c.logout();
 * Every failure is a MailwrightError (kinds: auth, tls, network, timeout, protocol,
 * server-said-no, not-found, bad-input); after a network/protocol failure the client is in
 * the logout state (`c.failed`, `c.onFailure`) and a new session must be opened.
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
export { list, patternMatcher, type ListOptions, type ListResult } from './commands/list';
export { id, namespace } from './commands/namespace';
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
