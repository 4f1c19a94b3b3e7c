/**
 * The one door from the renderer into the main process: every contract channel
 * registered with `ipcMain.handle`, each call's sender checked before the router (which
 * validates the argument) runs it. Written against the few members of Electron's types
 * it uses, so it is unit-tested without Electron; main.ts passes the real ipcMain.
 */
import { requestChannels, type Result } from '../ipc/contract';
import type { Router } from '../ipc/router';
import { MailwrightError } from '../model/errors';
import { ipcChannelName, isTrustedSender } from './security';

/** The part of Electron's IpcMainInvokeEvent the door reads. */
export interface InvokeEventLike {
  /** The calling page's webContents; only its id is read. */
  sender: { id: number };
  senderFrame: { url: string; parent: unknown } | null;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, arg: unknown) => Promise<Result<unknown>>): void;
}

/**
 * Registers every request channel; returns the IPC names registered. `isOurWindow` says
 * whether a webContents id is our window's: a call from any other page (a devtools
 * extension, a window that should not exist) is refused even with the right origin.
 */
export function registerContract(
  ipcMain: IpcMainLike,
  router: Router,
  isOurWindow: (webContentsId: number) => boolean,
): string[] {
  const names: string[] = [];
  for (const channel of requestChannels) {
    const name = ipcChannelName(channel);
    ipcMain.handle(name, async (event, arg) => {
      const frame = event.senderFrame;
      const sender = frame === null ? null : { url: frame.url, isMainFrame: frame.parent === null };
      if (!isOurWindow(event.sender.id) || !isTrustedSender(sender)) {
        const error = new MailwrightError('bad-input', 'This call did not come from the Mailwright window.');
        return { ok: false, error: error.toJSON() };
      }
      return router.call(channel, arg);
    });
    names.push(name);
  }
  return names;
}
