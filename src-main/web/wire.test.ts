import { describe, expect, it } from 'vitest';
import { decodeClientMessage, encodeEvent, encodeResult } from './wire';

describe('decodeClientMessage', () => {
  it('reads a call', () => {
    expect(decodeClientMessage('{"id":1,"channel":"accounts.list"}')).toEqual({
      ok: true,
      call: { id: 1, channel: 'accounts.list', arg: undefined },
    });
    expect(decodeClientMessage('{"id":2,"channel":"folders.list","arg":{"accountId":"a"}}')).toEqual({
      ok: true,
      call: { id: 2, channel: 'folders.list', arg: { accountId: 'a' } },
    });
  });

  it('refuses broken envelopes, keeping the id when there is one', () => {
    expect(decodeClientMessage('nope')).toEqual({ ok: false, id: null, problem: 'The message is not JSON.' });
    expect(decodeClientMessage('[1]')).toMatchObject({ ok: false, id: null });
    expect(decodeClientMessage('null')).toMatchObject({ ok: false, id: null });
    expect(decodeClientMessage('{"id":"1","channel":"x"}')).toMatchObject({ ok: false, id: null });
    expect(decodeClientMessage('{"id":1.5,"channel":"x"}')).toMatchObject({ ok: false, id: null });
    expect(decodeClientMessage('{"id":3}')).toEqual({
      ok: false,
      id: 3,
      problem: 'The message needs a "channel" string.',
    });
    expect(decodeClientMessage('{"id":4,"channel":"x","extra":1}')).toMatchObject({ ok: false, id: 4 });
  });
});

describe('encode', () => {
  it('writes results and events as one JSON object', () => {
    expect(JSON.parse(encodeResult(7, { ok: true, value: [] }))).toEqual({
      id: 7,
      result: { ok: true, value: [] },
    });
    expect(JSON.parse(encodeEvent({ event: 'accounts-changed', payload: { accounts: [] } }))).toEqual({
      event: 'accounts-changed',
      payload: { accounts: [] },
    });
  });
});
