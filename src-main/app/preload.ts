/**
 * The sandboxed preload: exposes `window.mailwright` with exactly the contract's
 * methods (one per request channel) and event subscription. No generic invoke, no
 * ipcRenderer passthrough: the page can reach only what the contract names.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { buildApi } from '../ipc/api';
import { isEventName, type EventMessage, type EventName } from '../ipc/contract';
import { IPC_EVENT_CHANNEL, ipcChannelName } from './security';

const listeners = new Map<EventName, Set<(payload: unknown) => void>>();

ipcRenderer.on(IPC_EVENT_CHANNEL, (_event, message: EventMessage) => {
  for (const listener of listeners.get(message.event) ?? []) listener(message.payload);
});

const api = buildApi(
  (channel, arg) => ipcRenderer.invoke(ipcChannelName(channel), arg),
  (event, listener) => {
    if (!isEventName(event)) throw new Error(`There is no event named ${String(event)}.`);
    let set = listeners.get(event);
    if (set === undefined) listeners.set(event, (set = new Set()));
    const l = listener as (payload: unknown) => void;
    set.add(l);
    return () => void set.delete(l);
  },
);

contextBridge.exposeInMainWorld('mailwright', api);
