/** lookupHost as the connection layer uses it: net.connect to Dovecot by name, through Unbound. */
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { serverEnv } from '../../e2e/servers/env';
import { MailwrightError } from '../model/errors';
import { lookupHost, makeNetLookup } from './lookup';
import { Resolver } from './resolver';

const env = serverEnv();
const resolver = new Resolver({
  servers: [{ address: env.dns.recursive, port: env.dns.port }],
  timeoutMs: 2000,
  attempts: 2,
});

describe('lookupHost', () => {
  it('A then AAAA; IP literals and localhost without a query', async () => {
    expect(await lookupHost('mail.example.test', resolver)).toEqual([env.mail.host, '::1']);
    expect(await lookupHost('c1.example.test.', resolver)).toEqual([env.mail.host, '::1']);
    expect(await lookupHost('127.0.0.9', resolver)).toEqual(['127.0.0.9']);
    expect(await lookupHost('localhost', resolver)).toEqual(['127.0.0.1', '::1']);
  });

  it('NXDOMAIN and no address are dns errors', async () => {
    await expect(lookupHost('anything.example.test', resolver)).rejects.toMatchObject({
      kind: 'dns',
      code: 'NXDOMAIN',
    });
    const e = await lookupHost('_imaps._tcp.example.test', resolver).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(MailwrightError);
    expect((e as MailwrightError).code).toBe('NODATA');
  });
});

describe('makeNetLookup', () => {
  it('lets net.connect reach Dovecot by name', async () => {
    const greeting = await new Promise<string>((resolve, reject) => {
      const s = connect({
        host: 'imap.example.test',
        port: env.mail.imap,
        lookup: makeNetLookup(resolver),
        family: 4,
      });
      s.once('data', (b: Buffer) => {
        s.destroy();
        resolve(b.toString('latin1'));
      });
      s.once('error', reject);
    });
    expect(greeting).toMatch(/^\* OK/);
  });

  it('turns a failed lookup into ENOTFOUND carrying our error', async () => {
    const err = await new Promise<NodeJS.ErrnoException>((resolve) => {
      const s = connect({ host: 'anything.example.test', port: 143, lookup: makeNetLookup(resolver) });
      s.once('error', (e: NodeJS.ErrnoException) => resolve(e));
      s.once('connect', () => s.destroy());
    });
    expect(err.code).toBe('ENOTFOUND');
    expect((err.cause as MailwrightError).code).toBe('NXDOMAIN');
  });
});
