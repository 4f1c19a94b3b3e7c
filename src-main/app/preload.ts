/**
 * The sandboxed preload: exposes `window.mailwright` with exactly the contract's
 * methods (one per request channel) and event subscription. No generic invoke, no
 * ipcRenderer passthrough: the page can reach only what the contract names.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { buildApi } from '../ipc/api';
import { createEventHub } from './event-hub';
import { IPC_EVENT_CHANNEL, ipcChannelName } from './security';

// A mailto: launch arrives before the page subscribes; the hub holds it until then.
const hub = createEventHub(['compose']);

ipcRenderer.on(IPC_EVENT_CHANNEL, (_event, message: unknown) => hub.dispatch(message));

const api = buildApi(
  (channel, arg) => ipcRenderer.invoke(ipcChannelName(channel), arg),
  (event, listener) => hub.on(event, listener as (payload: unknown) => void),
);

contextBridge.exposeInMainWorld('mailwright', api);
