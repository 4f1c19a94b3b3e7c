/** Senders whose remote content a person always loads ("always for this sender"). */
const KEY = 'mailwright.remote-senders';

function read(): Set<string> {
  try {
    const raw = globalThis.localStorage?.getItem(KEY);
    return new Set(raw ? (JSON.parse(raw) as string[]) : []);
  } catch {
    return new Set();
  }
}

export function isTrustedSender(address: string | undefined): boolean {
  return address !== undefined && read().has(address.toLowerCase());
}

export function trustSender(address: string): void {
  const set = read();
  set.add(address.toLowerCase());
  try {
    globalThis.localStorage?.setItem(KEY, JSON.stringify([...set]));
  } catch {
    // Not remembered; this message still loads.
  }
}
