import { useId, useMemo, useState } from 'react';
import type { MailAddress } from '../../src-main/model';
import { formatAddress, parseAddresses, splitEntries } from '../lib/addresses';

/**
 * One address field (To, Cc, Bcc): free text with commas, checked on leaving the field,
 * with suggestions from addresses Mailwright has seen (a combobox: arrows + Enter).
 */
export function AddressField({
  label,
  value,
  onChange,
  known,
  showErrors,
}: {
  label: string;
  value: string;
  onChange: (text: string) => void;
  known: readonly MailAddress[];
  showErrors: boolean;
}) {
  const id = useId();
  const [touched, setTouched] = useState(false);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const invalid = parseAddresses(value).invalid;
  const shown = (touched || showErrors) && invalid.length > 0;

  const entries = splitEntries(value);
  const typing = /[,;]\s*$/.test(value) || value.trim() === '' ? '' : (entries[entries.length - 1] ?? '');
  const suggestions = useMemo(() => {
    const q = typing.toLowerCase();
    if (q.length < 1) return [];
    return known
      .filter((a) => a.address.toLowerCase().includes(q) || (a.name ?? '').toLowerCase().includes(q))
      .filter((a) => !entries.some((e) => e.toLowerCase().includes(a.address.toLowerCase())))
      .slice(0, 6);
  }, [known, typing, entries]);
  const listOpen = open && suggestions.length > 0;

  function pick(a: MailAddress) {
    const done = entries.slice(0, -1);
    onChange([...done, formatAddress(a)].join(', ') + ', ');
    setOpen(false);
  }

  return (
    <div className="field address-field">
      <label htmlFor={id}>{label}</label>
      <div className="combo">
        <input
          id={id}
          type="text"
          role="combobox"
          aria-expanded={listOpen}
          aria-controls={`${id}-list`}
          aria-autocomplete="list"
          aria-activedescendant={listOpen ? `${id}-opt-${active}` : undefined}
          aria-invalid={shown}
          aria-describedby={shown ? `${id}-error` : undefined}
          autoComplete="off"
          spellCheck={false}
          value={value}
          onChange={(e) => {
            onChange(e.target.value);
            setOpen(true);
            setActive(0);
          }}
          onBlur={() => {
            setTouched(true);
            setOpen(false);
          }}
          onKeyDown={(e) => {
            if (!listOpen) return;
            if (e.key === 'ArrowDown') setActive((a) => Math.min(suggestions.length - 1, a + 1));
            else if (e.key === 'ArrowUp') setActive((a) => Math.max(0, a - 1));
            else if (e.key === 'Enter' || e.key === 'Tab') {
              const a = suggestions[active];
              if (a === undefined) return;
              pick(a);
            } else if (e.key === 'Escape') setOpen(false);
            else return;
            e.preventDefault();
            e.stopPropagation();
          }}
        />
        {listOpen && (
          <ul id={`${id}-list`} role="listbox" aria-label={`${label} suggestions`} className="suggestions">
            {suggestions.map((a, i) => (
              <li
                key={a.address}
                id={`${id}-opt-${i}`}
                role="option"
                aria-selected={i === active}
                onMouseDown={(e) => {
                  e.preventDefault();
                  pick(a);
                }}
              >
                {a.name !== null && <span>{a.name} </span>}
                <span className="muted">{a.address}</span>
              </li>
            ))}
          </ul>
        )}
      </div>
      {shown && (
        <p id={`${id}-error`} className="field-error">
          {invalid.length === 1
            ? `“${invalid[0]}” is not an email address.`
            : `Not email addresses: ${invalid.map((i) => `“${i}”`).join(', ')}.`}{' '}
          Write it like name@example.org.
        </p>
      )}
    </div>
  );
}
