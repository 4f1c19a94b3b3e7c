/**
 * When an account syncs by itself: every `syncIntervalMinutes` (read afresh each time, so a
 * changed setting applies from the next round), and for IMAP whenever the inbox watch
 * (IDLE, or NOOP polling) reports a change, debounced so a burst is one sync. A watch that
 * ends is opened again after a minute, or at once when `kick` says the cause may be gone.
 *
 *   off ──start──▶ running (interval timer; watch: off → starting → on → off …) ──stop──▶ stopped
 */
import type { MailwrightError } from '../model/errors';
import { toMailwrightError } from '../model/errors';
import type { InboxWatch } from './imap-runner';

export interface SchedulerDeps {
  sync: () => Promise<unknown>;
  /** Minutes between interval syncs; 0 for none. */
  intervalMinutes: () => number;
  /** Opens the inbox watch (IMAP only; absent for POP3). */
  watch?: (onChange: () => void, onEnd: (error: MailwrightError | undefined) => void) => Promise<InboxWatch>;
  onError: (error: MailwrightError) => void;
  /** How long to wait before a watch that ended is opened again. Default 60 s. */
  rewatchMs?: number;
  /** Debounce of change notices. Default 300 ms. */
  debounceMs?: number;
}

export class Scheduler {
  #state: 'off' | 'running' | 'stopped' = 'off';
  #watchState: 'off' | 'starting' | 'on' = 'off';
  #watch: InboxWatch | undefined;
  #timers = new Set<ReturnType<typeof setTimeout>>();
  #debounce: ReturnType<typeof setTimeout> | undefined;
  #rewatch: ReturnType<typeof setTimeout> | undefined;
  #interval: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly d: SchedulerDeps) {}

  get running(): boolean {
    return this.#state === 'running';
  }

  private later(ms: number, run: () => void): ReturnType<typeof setTimeout> {
    const t = setTimeout(() => {
      this.#timers.delete(t);
      if (this.#state === 'running') run();
    }, ms);
    t.unref?.();
    this.#timers.add(t);
    return t;
  }

  start(): void {
    if (this.#state !== 'off') return;
    this.#state = 'running';
    this.tick();
    if (this.d.watch !== undefined) this.openWatch();
  }

  private tick = (): void => {
    void this.d.sync().finally(() => this.planInterval());
  };

  /** The next interval sync, from the interval as it is now (0: none). */
  private planInterval(): void {
    if (this.#interval !== undefined) {
      clearTimeout(this.#interval);
      this.#timers.delete(this.#interval);
      this.#interval = undefined;
    }
    const minutes = this.d.intervalMinutes();
    if (minutes <= 0 || this.#state !== 'running') return;
    this.#interval = this.later(minutes * 60_000, () => {
      this.#interval = undefined;
      // Turned off meanwhile: no sync; a later reschedule() plans again.
      if (this.d.intervalMinutes() > 0) this.tick();
    });
  }

  /** The interval setting changed: the next round is planned from now with the new value. */
  reschedule(): void {
    if (this.#state === 'running') this.planInterval();
  }

  /** A cause of failure may be gone (a password was entered): sync now, and watch again if down. */
  kick(): void {
    if (this.#state !== 'running') return;
    void this.d.sync();
    if (this.d.watch !== undefined && this.#watchState === 'off') {
      if (this.#rewatch !== undefined) clearTimeout(this.#rewatch);
      this.#timers.delete(this.#rewatch!);
      this.#rewatch = undefined;
      this.openWatch();
    }
  }

  private changed = (): void => {
    if (this.#state !== 'running') return;
    if (this.#debounce !== undefined) return; // one sync for the whole burst
    this.#debounce = this.later(this.d.debounceMs ?? 300, () => {
      this.#debounce = undefined;
      void this.d.sync();
    });
  };

  private openWatch(): void {
    const open = this.d.watch;
    if (open === undefined) return;
    this.#watchState = 'starting';
    const ended = (error: MailwrightError | undefined) => {
      this.#watch = undefined;
      this.#watchState = 'off';
      if (this.#state !== 'running') return;
      if (error !== undefined) this.d.onError(error);
      this.#rewatch = this.later(this.d.rewatchMs ?? 60_000, () => {
        this.#rewatch = undefined;
        if (this.#watchState === 'off') this.openWatch();
      });
    };
    open(this.changed, ended).then(
      (w) => {
        if (this.#state !== 'running') {
          void w.stop();
          return;
        }
        this.#watch = w;
        this.#watchState = 'on';
        // What arrived before the watch's SELECT is caught by one sync; from then on the
        // server reports changes on the watch itself.
        this.changed();
      },
      (e: unknown) => ended(toMailwrightError(e)),
    );
  }

  async stop(): Promise<void> {
    this.#state = 'stopped';
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
    await this.#watch?.stop();
    this.#watch = undefined;
  }
}
