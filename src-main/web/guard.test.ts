import { describe, expect, it } from 'vitest';
import {
  decideHttp,
  decideUpgrade,
  hostAllowed,
  originAllowed,
  tokenFromProtocols,
  tokenMatches,
} from './guard';

const PORT = 41234;
const TOKEN = 'a'.repeat(64);
const good = { method: 'GET', path: '/api', host: `127.0.0.1:${PORT}`, origin: `http://127.0.0.1:${PORT}` };

describe('host and origin', () => {
  it('accepts only this server by its loopback names', () => {
    expect(hostAllowed(`127.0.0.1:${PORT}`, PORT)).toBe(true);
    expect(hostAllowed(`localhost:${PORT}`, PORT)).toBe(true);
    expect(hostAllowed(`127.0.0.1:${PORT + 1}`, PORT)).toBe(false);
    expect(hostAllowed(`evil.example:${PORT}`, PORT)).toBe(false); // DNS rebinding
    expect(hostAllowed('127.0.0.1', PORT)).toBe(false);
    expect(hostAllowed(undefined, PORT)).toBe(false);
  });

  it('accepts a missing Origin or this origin, nothing else', () => {
    expect(originAllowed(undefined, PORT)).toBe(true);
    expect(originAllowed(`http://localhost:${PORT}`, PORT)).toBe(true);
    expect(originAllowed('http://evil.example', PORT)).toBe(false);
    expect(originAllowed(`http://127.0.0.1:${PORT + 1}`, PORT)).toBe(false); // another local app
    expect(originAllowed(`https://127.0.0.1:${PORT}`, PORT)).toBe(false);
    expect(originAllowed('null', PORT)).toBe(false); // sandboxed frames, file://
  });
});

describe('token', () => {
  it('matches only the exact token', () => {
    expect(tokenMatches(TOKEN, TOKEN)).toBe(true);
    expect(tokenMatches(`${TOKEN}0`, TOKEN)).toBe(false);
    expect(tokenMatches(TOKEN.slice(1), TOKEN)).toBe(false);
    expect(tokenMatches('', TOKEN)).toBe(false);
    expect(tokenMatches(undefined, TOKEN)).toBe(false);
  });

  it('is read from the subprotocol list', () => {
    expect(tokenFromProtocols(`mailwright.v1, token.${TOKEN}`)).toBe(TOKEN);
    expect(tokenFromProtocols('mailwright.v1')).toBeUndefined();
    expect(tokenFromProtocols(undefined)).toBeUndefined();
  });
});

describe('decideUpgrade', () => {
  const protocols = `mailwright.v1, token.${TOKEN}`;

  it('allows /api from this origin with the token', () => {
    expect(decideUpgrade({ ...good, protocols }, PORT, TOKEN)).toEqual({ allow: true });
    expect(decideUpgrade({ ...good, origin: undefined, protocols }, PORT, TOKEN)).toEqual({ allow: true });
  });

  it('refuses a missing or wrong token', () => {
    expect(decideUpgrade({ ...good, protocols: 'mailwright.v1' }, PORT, TOKEN)).toMatchObject({
      allow: false,
      status: 403,
    });
    expect(
      decideUpgrade({ ...good, protocols: `mailwright.v1, token.${'b'.repeat(64)}` }, PORT, TOKEN),
    ).toMatchObject({ allow: false, status: 403, reason: 'Missing or wrong token' });
    expect(decideUpgrade({ ...good, protocols: `token.${TOKEN}` }, PORT, TOKEN)).toMatchObject({
      allow: false,
      status: 403,
    });
  });

  it('refuses a foreign Origin or Host even with the token', () => {
    expect(decideUpgrade({ ...good, origin: 'http://evil.example', protocols }, PORT, TOKEN)).toEqual({
      allow: false,
      status: 403,
      reason: 'Origin is not this server',
    });
    expect(decideUpgrade({ ...good, host: `evil.example:${PORT}`, protocols }, PORT, TOKEN)).toEqual({
      allow: false,
      status: 403,
      reason: 'Host is not this loopback server',
    });
  });

  it('refuses sockets anywhere but /api', () => {
    expect(decideUpgrade({ ...good, path: '/', protocols }, PORT, TOKEN)).toMatchObject({
      allow: false,
      status: 404,
    });
  });
});

describe('decideHttp', () => {
  it('serves static GET and HEAD from this origin', () => {
    expect(decideHttp({ ...good, path: '/index.html' }, PORT)).toEqual({ allow: true });
    expect(decideHttp({ ...good, method: 'HEAD', path: '/', origin: undefined }, PORT)).toEqual({
      allow: true,
    });
  });

  it('refuses the API over plain HTTP, other methods, foreign origins and hosts', () => {
    expect(decideHttp({ ...good, path: '/api' }, PORT)).toMatchObject({ allow: false, status: 403 });
    expect(decideHttp({ ...good, path: '/api/accounts.list' }, PORT)).toMatchObject({
      allow: false,
      status: 403,
    });
    expect(decideHttp({ ...good, method: 'POST', path: '/' }, PORT)).toMatchObject({
      allow: false,
      status: 405,
    });
    expect(decideHttp({ ...good, path: '/', origin: 'http://evil.example' }, PORT)).toMatchObject({
      allow: false,
      status: 403,
    });
    expect(decideHttp({ ...good, path: '/', host: 'evil.example' }, PORT)).toMatchObject({
      allow: false,
      status: 403,
    });
  });
});
