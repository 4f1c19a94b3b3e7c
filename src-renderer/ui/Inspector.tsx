import { useEffect, useId, useLayoutEffect, useRef, useState } from 'react';
import type { Account, ProtocolLogLine, ProtocolName } from '../../src-main/model';

const PROTOCOLS: ProtocolName[] = ['imap', 'pop3', 'smtp', 'dns'];

/**
 * The live protocol log of one account: what Mailwright and the servers said to each
 * other (secrets already redacted by the main process). Follows the end unless the
 * person scrolled up to read.
 */
export function Inspector({
  accounts,
  accountId,
  onAccount,
  lines,
  onClose,
}: {
  accounts: Account[];
  accountId: string | null;
  onAccount: (id: string) => void;
  lines: ProtocolLogLine[];
  onClose: () => void;
}) {
  const id = useId();
  const [shown, setShown] = useState<Set<ProtocolName>>(new Set(PROTOCOLS));
  const box = useRef<HTMLDivElement>(null);
  const follow = useRef(true);
  const visible = lines.filter((l) => shown.has(l.protocol));

  useLayoutEffect(() => {
    const el = box.current;
    if (el !== null && follow.current) el.scrollTop = el.scrollHeight;
  }, [visible.length]);

  useEffect(() => {
    follow.current = true;
  }, [accountId]);

  return (
    <section className="inspector" aria-labelledby={`${id}-title`}>
      <div className="inspector-bar">
        <h2 id={`${id}-title`} className="section-title">
          Protocol inspector
        </h2>
        <label className="small">
          <span className="visually-hidden">Account</span>
          <select
            aria-label="Account to inspect"
            value={accountId ?? ''}
            onChange={(e) => onAccount(e.target.value)}
          >
            {accounts.map((a) => (
              <option key={a.id} value={a.id}>
                {a.address}
              </option>
            ))}
          </select>
        </label>
        {PROTOCOLS.map((p) => (
          <label key={p} className="check small">
            <input
              type="checkbox"
              checked={shown.has(p)}
              onChange={(e) =>
                setShown((old) => {
                  const next = new Set(old);
                  if (e.target.checked) next.add(p);
                  else next.delete(p);
                  return next;
                })
              }
            />
            {p.toUpperCase()}
          </label>
        ))}
        <span className="spacer" />
        <button type="button" className="small-button" onClick={onClose}>
          Close inspector
        </button>
      </div>
      <div
        ref={box}
        className="log"
        role="log"
        aria-label="Protocol lines"
        tabIndex={0}
        onScroll={(e) => {
          const el = e.currentTarget;
          follow.current = el.scrollTop + el.clientHeight >= el.scrollHeight - 24;
        }}
      >
        {visible.length === 0 ? (
          <p className="muted small">
            No protocol lines yet. Sync the account to watch the conversation with its servers.
          </p>
        ) : (
          visible.map((l) => (
            <div key={l.seq} className={`log-line ${l.direction}`}>
              <time className="log-time">{new Date(l.time).toLocaleTimeString()}</time>
              <span className="log-proto">{l.protocol.toUpperCase()}</span>
              <span
                className="log-dir"
                aria-label={
                  l.direction === 'client' ? 'sent' : l.direction === 'server' ? 'received' : 'note'
                }
              >
                {l.direction === 'client' ? 'C:' : l.direction === 'server' ? 'S:' : '··'}
              </span>
              <span className="log-text">{l.text}</span>
            </div>
          ))
        )}
      </div>
    </section>
  );
}
