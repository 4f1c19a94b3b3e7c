import { beforeEach, describe, expect, it, vi } from 'vitest';

// Spies on socket creation, so the test can show that a refused destination never got a
// socket at all (and therefore no packet). Everything else in the modules stays real.
const spies = vi.hoisted(() => ({ udp: 0, tcp: 0 }));
vi.mock('node:dgram', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:dgram')>();
  return {
    ...real,
    createSocket: (...args: Parameters<typeof real.createSocket>) => {
      spies.udp++;
      return real.createSocket(...args);
    },
  };
});
vi.mock('node:net', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:net')>();
  return {
    ...real,
    connect: (...args: Parameters<typeof real.connect>) => {
      spies.tcp++;
      return real.connect(...args);
    },
  };
});

const { assertDestinationAllowed, isLoopbackAddress, loopbackOnly } = await import('./guard');
const { Resolver } = await import('./resolver');
const { exchange } = await import('./transport');
const { lookupHost } = await import('./lookup');
const { MailwrightError } = await import('../model/errors');
const { RRType } = await import('./types');

beforeEach(() => {
  spies.udp = 0;
  spies.tcp = 0;
});

describe('isLoopbackAddress', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.0.53.53', true],
    ['127.255.255.255', true],
    ['::1', true],
    ['0:0:0:0:0:0:0:1', true],
    ['::ffff:127.0.0.1', true],
    ['128.0.0.1', false],
    ['10.0.0.1', false],
    ['198.41.0.4', false],
    ['::', false],
    ['::2', false],
    ['2001:503:ba3e::2:30', false],
    ['::ffff:8.8.8.8', false],
    ['localhost', false],
    ['127.0.0.1.example.com', false],
  ])('%s → %s', (address, expected) => {
    expect(isLoopbackAddress(address)).toBe(expected);
  });
});

describe('the loopback guard', () => {
  it('is on in every test run (vitest.config.ts sets the variable)', () => {
    expect(loopbackOnly()).toBe(true);
    expect(loopbackOnly({ MAILWRIGHT_DNS_LOOPBACK_ONLY: '0' })).toBe(false);
    expect(loopbackOnly({})).toBe(false);
  });

  it('refuses non-loopback addresses only while on, and host names always', () => {
    expect(() => assertDestinationAllowed('8.8.8.8')).toThrow(/MAILWRIGHT_DNS_LOOPBACK_ONLY=1/);
    expect(() => assertDestinationAllowed('8.8.8.8', {})).not.toThrow();
    expect(() => assertDestinationAllowed('127.0.53.53')).not.toThrow();
    expect(() => assertDestinationAllowed('dns.google', {})).toThrow(/not an IP address/);
  });

  it('stops an iterative lookup from the built-in root hints before any socket exists', async () => {
    const resolver = new Resolver({ mode: 'iterative', cache: false });
    const err = await resolver.query('example.com', RRType.MX).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MailwrightError);
    expect((err as InstanceType<typeof MailwrightError>).code).toBe('DNS_LOOPBACK_ONLY');
    expect((err as Error).message).toMatch(
      /^Refused to send a DNS query to \S+ because MAILWRIGHT_DNS_LOOPBACK_ONLY=1/,
    );
    expect(spies).toEqual({ udp: 0, tcp: 0 });
  });

  it('stops a stub lookup through a resolv.conf naming real servers', async () => {
    const resolver = new Resolver({
      resolvConfPath: new URL('./fixtures/resolv-public.conf', import.meta.url).pathname,
    });
    const err = await resolver.query('example.com', RRType.A).catch((e: unknown) => e);
    expect((err as InstanceType<typeof MailwrightError>).code).toBe('DNS_LOOPBACK_ONLY');
    expect((err as Error).message).toContain('9.9.9.9');
    expect(spies).toEqual({ udp: 0, tcp: 0 });
  });

  it('stops a single exchange, and lookupHost through a resolver aimed off the machine', async () => {
    const q = { name: 'example.com', type: RRType.A, class: 1 };
    await expect(
      exchange({ address: '2001:500:2::c', port: 53 }, q, { timeoutMs: 100, rd: false }),
    ).rejects.toThrow(/MAILWRIGHT_DNS_LOOPBACK_ONLY/);
    const offMachine = new Resolver({
      servers: [{ address: '192.0.2.1', port: 53 }],
      timeoutMs: 100,
      attempts: 1,
    });
    await expect(lookupHost('example.com', offMachine)).rejects.toThrow(/MAILWRIGHT_DNS_LOOPBACK_ONLY/);
    expect(spies).toEqual({ udp: 0, tcp: 0 });
  });

  it('(control) the spies do see a socket for an allowed loopback destination', async () => {
    const q = { name: 'example.test', type: RRType.A, class: 1 };
    // Port 9 (discard) on 127.0.53.99: nothing listens, so the kernel refuses at once.
    await exchange({ address: '127.0.53.99', port: 9 }, q, { timeoutMs: 300, rd: false }).catch(
      () => undefined,
    );
    expect(spies.udp).toBe(1);
  });
});
