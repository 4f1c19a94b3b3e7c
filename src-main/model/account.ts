/**
 * An account as the person configured it. Plain JSON data: it crosses IPC, lands in the
 * settings file and in `--json` output. It never holds a password: passwords live only in
 * the OS keychain and are set through a dedicated request whose argument is never echoed.
 */

/** How a connection is protected: TLS from the first byte, upgraded in place, or not at all. */
export type Security = 'implicit' | 'starttls' | 'none';

/** IMAP login: `auto` picks the strongest mechanism the server offers. */
export type ImapAuth = 'auto' | 'login' | 'plain' | 'cram-md5';
/** POP3 login: USER/PASS, APOP, or SASL. */
export type Pop3Auth = 'auto' | 'user-pass' | 'apop' | 'plain' | 'cram-md5';
/** SMTP submission login; `none` for a server that takes mail without AUTH. */
export type SmtpAuth = 'auto' | 'plain' | 'login' | 'cram-md5' | 'none';

/** Where and how to connect; `A` is the protocol's set of login methods. */
export interface ServerSettings<A extends string> {
  host: string;
  port: number;
  security: Security;
  user: string;
  auth: A;
}

/**
 * What POP3 does with mail after downloading it. `leaveDays` and
 * `deleteWhenDeletedLocally` only mean something while mail is kept on the server, so
 * they exist only in `keep` mode.
 */
export type Pop3Settings =
  | {
      mode: 'keep';
      /** Delete from the server this many days after download; null keeps mail forever. */
      leaveDays: number | null;
      deleteWhenDeletedLocally: boolean;
      /** Fetch only headers (TOP) for messages larger than this; null always fetches whole. */
      headersOnlyOverBytes: number | null;
    }
  | {
      mode: 'delete';
      headersOnlyOverBytes: number | null;
    };

/** POP3 settings exist only on a POP3 account: the union makes that the only shape. */
export type IncomingServer =
  | { protocol: 'imap'; server: ServerSettings<ImapAuth> }
  | { protocol: 'pop3'; server: ServerSettings<Pop3Auth>; pop3: Pop3Settings };

/** Outgoing mail through a submission server, or straight to each recipient's MX. */
export type OutgoingServer = { kind: 'submission'; server: ServerSettings<SmtpAuth> } | { kind: 'direct' };

export type AccountId = string;

/** The settings a person enters; the service adds the id. */
export interface AccountSettings {
  /** The mailbox address, e.g. `ada@example.org`. */
  address: string;
  displayName: string;
  incoming: IncomingServer;
  outgoing: OutgoingServer;
  /** Minutes between background syncs; 0 syncs only on request. */
  syncIntervalMinutes: number;
  /** PEM of an extra CA trusted for this account's servers (e.g. a company CA). */
  extraCaPem?: string;
}

export interface Account extends AccountSettings {
  id: AccountId;
}
