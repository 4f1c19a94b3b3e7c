/** Test data: a valid IMAP + submission account to vary in tests. */
import type { AccountSettings } from '../../model/account';

export function imapSettings(overrides: Partial<AccountSettings> = {}): AccountSettings {
  return {
    address: 'alice@example.test',
    displayName: 'Alice',
    incoming: {
      protocol: 'imap',
      server: { host: 'imap.example.test', port: 993, security: 'implicit', user: 'alice', auth: 'auto' },
    },
    outgoing: {
      kind: 'submission',
      server: { host: 'smtp.example.test', port: 465, security: 'implicit', user: 'alice', auth: 'auto' },
    },
    syncIntervalMinutes: 15,
    ...overrides,
  };
}
