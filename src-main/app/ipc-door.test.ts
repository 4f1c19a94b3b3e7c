/**
 * The IPC door with a recording stand-in for ipcMain: Electron's binary cannot run on
 * this machine, so there is no real peer; the router behind it is the real one.
 */
import { describe, expect, it } from 'vitest';
import type { Result } from '../ipc/contract';
import { requestChannels } from '../ipc/contract';
import { createRouter } from '../ipc/router';
import { createMemoryMailboxService } from '../mailbox/memory';
import { registerContract, type InvokeEventLike, type IpcMainLike } from './ipc-door';
import { APP_ENTRY } from './security';

type Listener = (event: InvokeEventLike, arg: unknown) => Promise<Result<unknown>>;

function door() {
  const handlers = new Map<string, Listener>();
  const ipcMain: IpcMainLike = { handle: (channel, listener) => void handlers.set(channel, listener) };
  const router = createRouter({
    appInfo: { name: 'Mailwright', version: '0', shell: 'electron', platform: 'linux', profileHome: '/p' },
    mailbox: createMemoryMailboxService(),
  });
  const names = registerContract(ipcMain, router, (id) => id === OUR_ID);
  const call = (channel: string, event: InvokeEventLike, arg?: unknown) => {
    const h = handlers.get(channel);
    if (h === undefined) throw new Error(`${channel} is not registered`);
    return h(event, arg);
  };
  return { handlers, names, call };
}

const OUR_ID = 7;
const ourWindow: InvokeEventLike = { sender: { id: OUR_ID }, senderFrame: { url: APP_ENTRY, parent: null } };

describe('registerContract', () => {
  it('registers exactly one handler per contract channel', () => {
    const { handlers, names } = door();
    expect([...handlers.keys()]).toEqual(requestChannels.map((c) => `mailwright:${c}`));
    expect(names).toHaveLength(requestChannels.length);
  });

  it('answers our main frame through the router', async () => {
    const { call } = door();
    expect(await call('mailwright:accounts.list', ourWindow)).toEqual({ ok: true, value: [] });
    expect(await call('mailwright:app.info', ourWindow)).toMatchObject({
      ok: true,
      value: { shell: 'electron' },
    });
  });

  it('refuses sub-frames, foreign pages and vanished frames', async () => {
    const { call } = door();
    const refused = {
      ok: false,
      error: { kind: 'bad-input', message: 'This call did not come from the Mailwright window.' },
    };
    const sender = { id: OUR_ID };
    const subFrame = { sender, senderFrame: { url: APP_ENTRY, parent: {} } };
    const foreign = { sender, senderFrame: { url: 'https://evil.example/', parent: null } };
    const otherContents = { sender: { id: OUR_ID + 1 }, senderFrame: { url: APP_ENTRY, parent: null } };
    expect(await call('mailwright:accounts.list', subFrame)).toEqual(refused);
    expect(await call('mailwright:accounts.list', foreign)).toEqual(refused);
    expect(await call('mailwright:accounts.list', otherContents)).toEqual(refused);
    expect(await call('mailwright:accounts.list', { sender, senderFrame: null })).toEqual(refused);
  });

  it('refuses a malformed argument with a clear error', async () => {
    const { call } = door();
    expect(await call('mailwright:accounts.remove', ourWindow, { id: 'x' })).toEqual({
      ok: false,
      error: { kind: 'bad-input', message: 'accounts.remove: argument has an unknown field "id".' },
    });
  });
});
