import type { AccountSettings } from '../model';

/** A well-formed IMAP account for tests; copy and break it to test refusals. */
export function sampleImapAccount(): AccountSettings {
  return {
    address: 'ada@example.test',
    displayName: 'Ada Lovelace',
    incoming: {
      protocol: 'imap',
      server: { host: 'imap.example.test', port: 993, security: 'implicit', user: 'ada', auth: 'auto' },
    },
    outgoing: {
      kind: 'submission',
      server: { host: 'smtp.example.test', port: 587, security: 'starttls', user: 'ada', auth: 'plain' },
    },
    syncIntervalMinutes: 5,
  };
}

export function samplePop3Account(): AccountSettings {
  return {
    address: 'bob@example.test',
    displayName: '',
    incoming: {
      protocol: 'pop3',
      server: { host: '127.0.0.1', port: 995, security: 'implicit', user: 'bob', auth: 'user-pass' },
      pop3: { mode: 'keep', leaveDays: 14, deleteWhenDeletedLocally: true, headersOnlyOverBytes: null },
    },
    outgoing: { kind: 'direct' },
    syncIntervalMinutes: 0,
  };
}
