/**
 * The connection states (RFC 9051 §3) and what each allows: the client's state machine
 * checks every command against this table before anything reaches the wire.
 */

export type ImapState = 'not-authenticated' | 'authenticated' | 'selected' | 'logout';

const ANY = ['CAPABILITY', 'NOOP', 'LOGOUT', 'ID'];
const AUTHENTICATED = [
  ...ANY,
  'ENABLE',
  'SELECT',
  'EXAMINE',
  'CREATE',
  'DELETE',
  'RENAME',
  'SUBSCRIBE',
  'UNSUBSCRIBE',
  'LIST',
  'LSUB',
  'STATUS',
  'APPEND',
  'NAMESPACE',
  'IDLE',
];

/** The commands each state allows (RFC 9051 §6); the first word of a command decides. */
export const ALLOWED: Record<ImapState, ReadonlySet<string>> = {
  'not-authenticated': new Set([...ANY, 'STARTTLS', 'LOGIN', 'AUTHENTICATE']),
  authenticated: new Set(AUTHENTICATED),
  selected: new Set([
    ...AUTHENTICATED,
    'CLOSE',
    'UNSELECT',
    'EXPUNGE',
    'SEARCH',
    'FETCH',
    'STORE',
    'COPY',
    'MOVE',
    'UID',
  ]),
  logout: new Set(),
};

/**
 * Commands that change state or depend on the whole session: they wait until every command
 * in flight has completed and run alone (RFC 9051 §5.5).
 */
export const EXCLUSIVE = new Set([
  'STARTTLS',
  'LOGIN',
  'AUTHENTICATE',
  'SELECT',
  'EXAMINE',
  'CLOSE',
  'UNSELECT',
  'LOGOUT',
  'ENABLE',
  'IDLE',
  'EXPUNGE',
]);
