import { describe, expect, it } from 'vitest';
import { MailwrightError } from '../model/errors';
import { dialByName } from './dial';

const net = (address: string) => new MailwrightError('network', `${address} refused the connection.`);

describe('dialByName', () => {
  it('tries the addresses in order with the name as TLS server name, and stops at the first success', async () => {
    const tried: Array<[string, string | undefined]> = [];
    const out = await dialByName(
      'mail.example.test',
      () => Promise.resolve(['127.0.0.9', '127.0.1.1', '127.0.1.2']),
      (address, servername) => {
        tried.push([address, servername]);
        return address === '127.0.0.9' ? Promise.reject(net(address)) : Promise.resolve(`via ${address}`);
      },
    );
    expect(out).toBe('via 127.0.1.1');
    expect(tried).toEqual([
      ['127.0.0.9', 'mail.example.test'],
      ['127.0.1.1', 'mail.example.test'],
    ]);
  });

  it('an IP host is dialled directly, with no lookup and no server name', async () => {
    const tried: Array<[string, string | undefined]> = [];
    await dialByName(
      '127.0.1.1',
      () => Promise.reject(new Error('must not be called')),
      (address, servername) => {
        tried.push([address, servername]);
        return Promise.resolve();
      },
    );
    expect(tried).toEqual([['127.0.1.1', undefined]]);
  });

  it('does not try further addresses after an error another address would not cure', async () => {
    let calls = 0;
    const tls = new MailwrightError('tls', 'The certificate does not match.');
    await expect(
      dialByName(
        'h.example.test',
        () => Promise.resolve(['127.0.0.1', '127.0.0.2']),
        () => {
          calls++;
          return Promise.reject(tls);
        },
      ),
    ).rejects.toBe(tls);
    expect(calls).toBe(1);
  });

  it('all addresses failing on the network → the last failure', async () => {
    await expect(
      dialByName(
        'h.example.test',
        () => Promise.resolve(['127.0.0.1', '127.0.0.2']),
        (a) => Promise.reject(net(a)),
      ),
    ).rejects.toThrow('127.0.0.2 refused the connection.');
  });

  it('no address → a dns error naming the host', async () => {
    await expect(
      dialByName(
        'h.example.test',
        () => Promise.resolve([]),
        () => Promise.resolve(),
      ),
    ).rejects.toMatchObject({
      kind: 'dns',
      message: 'The host h.example.test has no address; check the server name.',
    });
  });
});
