import { describe, expect, it } from 'vitest';
import type { AccountSettings, AutoconfigProposal } from '../../src-main/model';
import { formFromProposal, formFromSettings, guessForm, settingsFromForm } from './account-form';

const pop: AccountSettings = {
  address: 'pop1@example.test',
  displayName: 'Pop',
  incoming: {
    protocol: 'pop3',
    server: {
      host: 'mail.example.test',
      port: 995,
      security: 'implicit',
      user: 'pop1@example.test',
      auth: 'auto',
    },
    pop3: { mode: 'keep', leaveDays: 14, deleteWhenDeletedLocally: true, headersOnlyOverBytes: null },
  },
  outgoing: {
    kind: 'submission',
    server: {
      host: 'mail.example.test',
      port: 587,
      security: 'starttls',
      user: 'pop1@example.test',
      auth: 'auto',
    },
  },
  syncIntervalMinutes: 10,
};

describe('account form', () => {
  it('settings → form → settings is the identity', () => {
    expect(settingsFromForm(formFromSettings(pop), pop)).toEqual({ ok: true, settings: pop });
  });

  it('switching a POP3 account to delete drops the keep-only options', () => {
    const f = { ...formFromSettings(pop), pop3Mode: 'delete' as const };
    const r = settingsFromForm(f, pop);
    expect(r.ok && r.settings.incoming).toEqual({
      ...pop.incoming,
      pop3: { mode: 'delete', headersOnlyOverBytes: null },
    });
  });

  it('says what is wrong, in sentences', () => {
    const f = { ...guessForm('ada@example.test', 'Ada'), syncIntervalMinutes: 'soon' };
    f.imap = { ...f.imap, port: '99999', host: 'bad host' };
    const r = settingsFromForm(f);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problems).toEqual([
      "Enter the incoming server's host name, like mail.example.org.",
      'The incoming port must be a number from 1 to 65535.',
      'The sync interval must be a whole number of minutes from 0 to 1440.',
    ]);
  });

  it('takes the proposal, and fills the other protocol from its best candidate', () => {
    const proposal: AutoconfigProposal = {
      found: true,
      settings: {
        ...pop,
        incoming: { protocol: 'imap', server: { ...pop.incoming.server, port: 993, auth: 'auto' } },
      },
      candidates: [
        {
          protocol: 'imap',
          host: 'mail.example.test',
          port: 993,
          security: 'implicit',
          reason: 'SRV _imaps._tcp',
          ok: true,
        },
        {
          protocol: 'pop3',
          host: 'pop.example.test',
          port: 995,
          security: 'implicit',
          reason: 'conventional name',
          ok: true,
        },
      ],
      notes: [],
    };
    const f = formFromProposal('pop1@example.test', 'Pop', proposal);
    expect(f.protocol).toBe('imap');
    expect(f.imap.port).toBe('993');
    expect(f.pop3).toEqual({
      host: 'pop.example.test',
      port: '995',
      security: 'implicit',
      user: 'pop1@example.test',
    });
  });
});
