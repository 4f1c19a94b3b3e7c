/**
 * The preload's event fan-out, kept free of electron so it is unit-tested: one message
 * from the main process goes to the page's listeners for that event name. Events named
 * in `held` (the composer request of a mailto: launch) are kept until the page's first
 * listener for them subscribes, because the OS hands us the link before React has run
 * its effects; every other event is live state and dropped when nobody listens.
 */
import { isEventName, type EventMessage, type EventName } from '../ipc/contract';

export interface EventHub {
  /** Delivers one message from the main process; malformed ones are ignored. */
  dispatch(message: unknown): void;
  /** Adds a listener; returns the function that removes it. */
  on(event: EventName, listener: (payload: unknown) => void): () => void;
}

/** At most this many held messages wait for a listener; older ones are dropped. */
const MAX_HELD = 20;

export function createEventHub(held: readonly EventName[]): EventHub {
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const waiting = new Map<EventName, unknown[]>(held.map((e) => [e, []]));

  return {
    dispatch(message) {
      if (typeof message !== 'object' || message === null) return;
      const { event, payload } = message as Partial<EventMessage>;
      if (!isEventName(event)) return;
      const set = listeners.get(event);
      if (set !== undefined && set.size > 0) {
        for (const listener of set) listener(payload);
        return;
      }
      const queue = waiting.get(event);
      if (queue === undefined) return;
      queue.push(payload);
      if (queue.length > MAX_HELD) queue.shift();
    },
    on(event, listener) {
      if (!isEventName(event)) throw new Error(`There is no event named ${String(event)}.`);
      let set = listeners.get(event);
      if (set === undefined) listeners.set(event, (set = new Set()));
      set.add(listener);
      const queue = waiting.get(event);
      if (queue !== undefined && queue.length > 0) {
        const payloads = queue.splice(0);
        // After `on` returns, so the caller holds its unsubscribe function first.
        queueMicrotask(() => {
          for (const payload of payloads) listener(payload);
        });
      }
      return () => void set.delete(listener);
    },
  };
}
