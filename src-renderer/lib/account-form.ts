/**
 * The account form's flat state and its translation to and from AccountSettings: pure,
 * so the wizard and the settings screen share it and the tests need no screen.
 */
import type { AccountSettings, AutoconfigProposal, Security } from '../../src-main/model';

export interface ServerForm {
  host: string;
  port: string;
  security: Security;
  user: string;
}

export interface AccountForm {
  displayName: string;
  address: string;
  protocol: 'imap' | 'pop3';
  imap: ServerForm;
  pop3: ServerForm;
  pop3Mode: 'keep' | 'delete';
  leaveDays: string;
  deleteWhenDeletedLocally: boolean;
  outgoing: 'submission' | 'direct';
  smtp: ServerForm;
  syncIntervalMinutes: string;
  /** PEM of an extra CA to trust (a company's or a test lab's); empty for none. */
  extraCaPem: string;
}

export const POP3_MODES = {
  keep: 'Mail stays on the server too, so other devices can still fetch it.',
  delete: 'Mail moves to this computer and leaves the server.',
} as const;

function domainOf(address: string): string {
  return address
    .slice(address.lastIndexOf('@') + 1)
    .trim()
    .toLowerCase();
}

/** Conventional guesses, used when autoconfiguration found nothing. */
export function guessForm(address: string, displayName: string): AccountForm {
  const domain = domainOf(address);
  const user = address.trim();
  return {
    displayName,
    address: address.trim(),
    protocol: 'imap',
    imap: { host: `imap.${domain}`, port: '993', security: 'implicit', user },
    pop3: { host: `pop.${domain}`, port: '995', security: 'implicit', user },
    pop3Mode: 'keep',
    leaveDays: '',
    deleteWhenDeletedLocally: true,
    outgoing: 'submission',
    smtp: { host: `smtp.${domain}`, port: '587', security: 'starttls', user },
    syncIntervalMinutes: '5',
    extraCaPem: '',
  };
}

/** The wizard's starting point: the proposal's settings, each candidate kind filled in. */
export function formFromProposal(address: string, displayName: string, p: AutoconfigProposal): AccountForm {
  const form = p.settings === null ? guessForm(address, displayName) : formFromSettings(p.settings);
  form.displayName = displayName;
  form.address = address.trim();
  const user = address.trim();
  for (const proto of ['imap', 'pop3', 'smtp'] as const) {
    const best = p.candidates.find((c) => c.protocol === proto && c.ok);
    const own = proto === 'imap' ? form.imap : proto === 'pop3' ? form.pop3 : form.smtp;
    const fromSettings = p.settings !== null && settingsHas(p.settings, proto);
    if (best !== undefined && !fromSettings) {
      Object.assign(own, { host: best.host, port: String(best.port), security: best.security, user });
    }
  }
  return form;
}

function settingsHas(s: AccountSettings, proto: 'imap' | 'pop3' | 'smtp'): boolean {
  if (proto === 'smtp') return s.outgoing.kind === 'submission';
  return s.incoming.protocol === proto;
}

export function formFromSettings(s: AccountSettings): AccountForm {
  const form = guessForm(s.address, s.displayName);
  const server = (x: { host: string; port: number; security: Security; user: string }): ServerForm => ({
    host: x.host,
    port: String(x.port),
    security: x.security,
    user: x.user,
  });
  form.protocol = s.incoming.protocol;
  if (s.incoming.protocol === 'imap') form.imap = server(s.incoming.server);
  else {
    form.pop3 = server(s.incoming.server);
    form.pop3Mode = s.incoming.pop3.mode;
    if (s.incoming.pop3.mode === 'keep') {
      form.leaveDays = s.incoming.pop3.leaveDays === null ? '' : String(s.incoming.pop3.leaveDays);
      form.deleteWhenDeletedLocally = s.incoming.pop3.deleteWhenDeletedLocally;
    }
  }
  form.outgoing = s.outgoing.kind;
  if (s.outgoing.kind === 'submission') form.smtp = server(s.outgoing.server);
  form.syncIntervalMinutes = String(s.syncIntervalMinutes);
  form.extraCaPem = s.extraCaPem ?? '';
  return form;
}

export type FormResult = { ok: true; settings: AccountSettings } | { ok: false; problems: string[] };

function port(text: string, what: string, problems: string[]): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 65535)
    problems.push(`The ${what} port must be a number from 1 to 65535.`);
  return n;
}

function host(text: string, what: string, problems: string[]): string {
  const h = text.trim();
  if (!/^[\p{L}\p{N}._:-]+$/u.test(h))
    problems.push(`Enter the ${what} server's host name, like mail.example.org.`);
  return h;
}

/**
 * Settings from the form, keeping what the form does not show (the auth method, the
 * headers-only limit, an extra CA) from `base` when editing an account.
 */
export function settingsFromForm(f: AccountForm, base?: AccountSettings): FormResult {
  const problems: string[] = [];
  if (f.extraCaPem.trim() !== '' && !f.extraCaPem.includes('-----BEGIN CERTIFICATE-----')) {
    problems.push('The extra certificate must be PEM text starting with -----BEGIN CERTIFICATE-----.');
  }
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(f.address.trim()))
    problems.push('Enter your email address, like name@example.org.');
  const inForm = f.protocol === 'imap' ? f.imap : f.pop3;
  const incomingServer = {
    host: host(inForm.host, 'incoming', problems),
    port: port(inForm.port, 'incoming', problems),
    security: inForm.security,
    user: inForm.user.trim() || f.address.trim(),
    auth: 'auto' as const,
  };
  const baseIncoming = base?.incoming;
  const headersOnly = baseIncoming?.protocol === 'pop3' ? baseIncoming.pop3.headersOnlyOverBytes : null;
  let leaveDays: number | null = null;
  if (f.leaveDays.trim() !== '') {
    leaveDays = Number(f.leaveDays);
    if (!Number.isInteger(leaveDays) || leaveDays < 0)
      problems.push('Days to leave mail on the server must be a whole number (or empty for always).');
  }
  const interval = Number(f.syncIntervalMinutes);
  if (!Number.isInteger(interval) || interval < 0 || interval > 1440) {
    problems.push('The sync interval must be a whole number of minutes from 0 to 1440.');
  }
  const smtp = {
    host: f.outgoing === 'submission' ? host(f.smtp.host, 'outgoing', problems) : '',
    port: f.outgoing === 'submission' ? port(f.smtp.port, 'outgoing', problems) : 0,
    security: f.smtp.security,
    user: f.smtp.user.trim() || f.address.trim(),
    auth: 'auto' as const,
  };
  if (problems.length > 0) return { ok: false, problems };
  const settings: AccountSettings = {
    address: f.address.trim(),
    displayName: f.displayName.trim(),
    incoming:
      f.protocol === 'imap'
        ? { protocol: 'imap', server: incomingServer }
        : {
            protocol: 'pop3',
            server: incomingServer,
            pop3:
              f.pop3Mode === 'keep'
                ? {
                    mode: 'keep',
                    leaveDays,
                    deleteWhenDeletedLocally: f.deleteWhenDeletedLocally,
                    headersOnlyOverBytes: headersOnly,
                  }
                : { mode: 'delete', headersOnlyOverBytes: headersOnly },
          },
    outgoing: f.outgoing === 'submission' ? { kind: 'submission', server: smtp } : { kind: 'direct' },
    syncIntervalMinutes: interval,
    ...(f.extraCaPem.trim() !== '' ? { extraCaPem: f.extraCaPem.trim() } : {}),
  };
  return { ok: true, settings };
}
