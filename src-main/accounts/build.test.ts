import { describe, expect, it } from 'vitest';
import type { AutoconfigResult } from './autoconfig/autoconfig';
import type { RankedCandidate } from './autoconfig/rank';
import {
  completeFromAutoconfig,
  parseHostPort,
  portForSecurity,
  resolveChoice,
  securityForPort,
  settingsFromDraft,
} from './build';
import { validateAccountSettings } from './settings/validate';

describe('TLS and port defaults', () => {
  it.each([
    [993, 'implicit'],
    [995, 'implicit'],
    [465, 'implicit'],
    [143, 'starttls'],
    [110, 'starttls'],
    [587, 'starttls'],
    [2525, 'starttls'],
  ] as const)('port %i → %s', (port, security) => expect(securityForPort(port)).toBe(security));

  it('the port follows the TLS mode, and no port and no mode means implicit TLS', () => {
    expect(portForSecurity('imap', 'implicit')).toBe(993);
    expect(portForSecurity('imap', 'starttls')).toBe(143);
    expect(portForSecurity('pop3', 'none')).toBe(110);
    expect(portForSecurity('smtp', 'starttls')).toBe(587);
    expect(resolveChoice('smtp', { host: 'h' })).toEqual({ host: 'h', port: 465, security: 'implicit' });
    expect(resolveChoice('imap', { host: 'h', port: 143 })).toEqual({
      host: 'h',
      port: 143,
      security: 'starttls',
    });
    expect(resolveChoice('imap', { host: 'h', port: 993, security: 'none' })).toEqual({
      host: 'h',
      port: 993,
      security: 'none',
    });
  });
});

describe('parseHostPort', () => {
  it.each([
    ['mail.example.test', { host: 'mail.example.test', port: undefined }],
    ['mail.example.test:993', { host: 'mail.example.test', port: 993 }],
    ['127.0.1.1:587', { host: '127.0.1.1', port: 587 }],
    ['[::1]:993', { host: '::1', port: 993 }],
    ['[::1]', { host: '::1', port: undefined }],
    ['::1', { host: '::1', port: undefined }],
  ])('%s', (text, expected) => expect(parseHostPort(text)).toEqual(expected));

  it.each(['', ':993', 'h:0', 'h:65536', 'h:x', '[::1]:x'])('refuses %j in one sentence', (text) => {
    expect(() => parseHostPort(text)).toThrow(/is not a server; write it as HOST or HOST:PORT\.$/);
  });
});

describe('settingsFromDraft', () => {
  it('fills user (the address), auth, POP3 keep mode and the sync interval; the result validates', () => {
    const s = settingsFromDraft({
      address: 'pop1@example.test',
      incoming: { protocol: 'pop3', host: '127.0.1.1', port: 995 },
      outgoing: { kind: 'direct' },
    });
    expect(s).toEqual({
      address: 'pop1@example.test',
      displayName: '',
      incoming: {
        protocol: 'pop3',
        server: {
          host: '127.0.1.1',
          port: 995,
          security: 'implicit',
          user: 'pop1@example.test',
          auth: 'auto',
        },
        pop3: { mode: 'keep', leaveDays: null, deleteWhenDeletedLocally: false, headersOnlyOverBytes: null },
      },
      outgoing: { kind: 'direct' },
      syncIntervalMinutes: 15,
    });
    expect(validateAccountSettings(s)).toEqual(s);
  });

  it('uses one given user for every server, and POP3 delete mode', () => {
    const s = settingsFromDraft({
      address: 'a@example.test',
      user: 'alice',
      displayName: 'Alice',
      incoming: { protocol: 'pop3', host: 'pop.example.test', mode: 'delete' },
      outgoing: { kind: 'submission', host: 'smtp.example.test', port: 587 },
    });
    expect(s.incoming).toMatchObject({ server: { user: 'alice', port: 995 }, pop3: { mode: 'delete' } });
    expect(s.outgoing).toMatchObject({ server: { user: 'alice', port: 587, security: 'starttls' } });
    expect(validateAccountSettings(s)).toEqual(s);
  });
});

function ranked(over: Partial<RankedCandidate>): RankedCandidate {
  return {
    protocol: 'imap',
    host: 'imap.example.test',
    port: 993,
    security: 'implicit',
    source: 'srv',
    reason: 'from SRV record _imaps._tcp.example.test',
    status: 'ok',
    capabilities: [],
    ...over,
  };
}

describe('completeFromAutoconfig', () => {
  const result: AutoconfigResult = {
    address: 'a@example.test',
    domain: 'example.test',
    found: true,
    incoming: ranked({}),
    outgoing: ranked({ protocol: 'smtp', host: 'smtp.example.test', port: 465 }),
    candidates: [],
    notes: [],
  };

  it('takes the suggested servers for the sides the person left open', () => {
    const d = completeFromAutoconfig({ address: 'a@example.test' }, result);
    expect(d.incoming).toEqual({
      protocol: 'imap',
      host: 'imap.example.test',
      port: 993,
      security: 'implicit',
    });
    expect(d.outgoing).toEqual({
      kind: 'submission',
      host: 'smtp.example.test',
      port: 465,
      security: 'implicit',
    });
    const kept = completeFromAutoconfig({ address: 'a@example.test', outgoing: { kind: 'direct' } }, result);
    expect(kept.outgoing).toEqual({ kind: 'direct' });
  });

  it('a POP3 suggestion becomes a POP3 draft', () => {
    const d = completeFromAutoconfig(
      { address: 'a@example.test' },
      { ...result, incoming: ranked({ protocol: 'pop3', host: 'pop.example.test', port: 995 }) },
    );
    expect(d.incoming).toEqual({
      protocol: 'pop3',
      host: 'pop.example.test',
      port: 995,
      security: 'implicit',
    });
  });

  it('nothing found for a side → a not-found error naming the domain and what to do', () => {
    const { incoming: _i, outgoing: _o, ...bare } = result;
    const nothing: AutoconfigResult = { ...bare, found: false, candidates: [ranked({ status: 'failed' })] };
    expect(() =>
      completeFromAutoconfig({ address: 'a@example.test' }, nothing, {
        incoming: 'pass --imap',
        outgoing: 'x',
      }),
    ).toThrow(
      'No incoming (IMAP or POP3) server was found for example.test (tried 1 candidates from SRV, MX and conventional names); pass --imap.',
    );
  });

  it('never takes a server without TLS by itself', () => {
    const plain = { ...result, incoming: ranked({ port: 143, security: 'none' }) };
    expect(() => completeFromAutoconfig({ address: 'a@example.test' }, plain)).toThrow(
      'The best server found, imap.example.test:143, offers no TLS, so the password would cross the network unprotected; enter the server by hand if you accept that.',
    );
    const given = completeFromAutoconfig(
      { address: 'a@example.test', incoming: { protocol: 'imap', host: 'h', port: 143, security: 'none' } },
      plain,
    );
    expect(given.incoming).toMatchObject({ security: 'none' });
  });
});
