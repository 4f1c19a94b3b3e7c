import { useId } from 'react';
import type { AutoconfigCandidateInfo, Security } from '../../src-main/model';
import { POP3_MODES, type AccountForm, type ServerForm } from '../lib/account-form';

const SECURITY_LABEL: Record<Security, string> = {
  implicit: 'TLS (SSL)',
  starttls: 'STARTTLS',
  none: 'None (unencrypted)',
};

function ServerFields({
  legend,
  value,
  onChange,
  found,
}: {
  legend: string;
  value: ServerForm;
  onChange: (v: ServerForm) => void;
  found: AutoconfigCandidateInfo[];
}) {
  const id = useId();
  return (
    <fieldset className="server-fields">
      <legend>{legend}</legend>
      <div className="grid-2">
        <div className="field">
          <label htmlFor={`${id}-host`}>{legend} host</label>
          <input
            id={`${id}-host`}
            type="text"
            spellCheck={false}
            value={value.host}
            onChange={(e) => onChange({ ...value, host: e.target.value })}
          />
        </div>
        <div className="field narrow">
          <label htmlFor={`${id}-port`}>{legend} port</label>
          <input
            id={`${id}-port`}
            type="text"
            inputMode="numeric"
            value={value.port}
            onChange={(e) => onChange({ ...value, port: e.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-sec`}>{legend} security</label>
          <select
            id={`${id}-sec`}
            value={value.security}
            onChange={(e) => onChange({ ...value, security: e.target.value as Security })}
          >
            {(Object.keys(SECURITY_LABEL) as Security[]).map((s) => (
              <option key={s} value={s}>
                {SECURITY_LABEL[s]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-user`}>{legend} user name</label>
          <input
            id={`${id}-user`}
            type="text"
            spellCheck={false}
            value={value.user}
            onChange={(e) => onChange({ ...value, user: e.target.value })}
          />
        </div>
      </div>
      {found.length > 0 && (
        <ul className="found" aria-label={`Where the ${legend.toLowerCase()} settings came from`}>
          {found.map((c) => (
            <li key={`${c.host}:${c.port}`} className={c.ok ? 'ok' : 'failed'}>
              <span className="found-mark" aria-hidden="true">
                {c.ok ? '✓' : '✕'}
              </span>
              <span>
                <strong>
                  {c.host}:{c.port}
                </strong>{' '}
                ({SECURITY_LABEL[c.security]}) — {c.reason}
                {!c.ok && c.error ? `: ${c.error.message}` : ''}
                {c.note ? ` ${c.note}` : ''}
              </span>
            </li>
          ))}
        </ul>
      )}
    </fieldset>
  );
}

/** Incoming and outgoing servers, POP3 mode and sync options: shared by setup and settings. */
export function AccountFields({
  form,
  onChange,
  candidates,
  protocolFixed,
}: {
  form: AccountForm;
  onChange: (f: AccountForm) => void;
  candidates: AutoconfigCandidateInfo[];
  /** In settings the protocol of an existing account does not change. */
  protocolFixed: boolean;
}) {
  const id = useId();
  const set = (patch: Partial<AccountForm>) => onChange({ ...form, ...patch });
  return (
    <>
      {!protocolFixed && (
        <fieldset className="choice">
          <legend>Incoming mail</legend>
          <label>
            <input
              type="radio"
              name={`${id}-proto`}
              checked={form.protocol === 'imap'}
              onChange={() => set({ protocol: 'imap' })}
            />
            IMAP{' '}
            <span className="muted small">— mail stays on the server, folders in sync on every device</span>
          </label>
          <label>
            <input
              type="radio"
              name={`${id}-proto`}
              checked={form.protocol === 'pop3'}
              onChange={() => set({ protocol: 'pop3' })}
            />
            POP3 <span className="muted small">— mail is downloaded to this computer</span>
          </label>
        </fieldset>
      )}
      {form.protocol === 'imap' ? (
        <ServerFields
          legend="IMAP"
          value={form.imap}
          onChange={(imap) => set({ imap })}
          found={candidates.filter((c) => c.protocol === 'imap')}
        />
      ) : (
        <>
          <ServerFields
            legend="POP3"
            value={form.pop3}
            onChange={(pop3) => set({ pop3 })}
            found={candidates.filter((c) => c.protocol === 'pop3')}
          />
          <fieldset className="choice">
            <legend>POP3 mode</legend>
            {(['keep', 'delete'] as const).map((mode) => (
              <label key={mode}>
                <input
                  type="radio"
                  name={`${id}-mode`}
                  checked={form.pop3Mode === mode}
                  onChange={() => set({ pop3Mode: mode })}
                />
                {mode === 'keep' ? 'Download and keep' : 'Download and delete'}
                <span className="muted small block">{POP3_MODES[mode]}</span>
              </label>
            ))}
          </fieldset>
          {form.pop3Mode === 'keep' && (
            <div className="grid-2">
              <div className="field">
                <label htmlFor={`${id}-days`}>Delete from the server after (days)</label>
                <input
                  id={`${id}-days`}
                  type="text"
                  inputMode="numeric"
                  placeholder="never"
                  value={form.leaveDays}
                  onChange={(e) => set({ leaveDays: e.target.value })}
                />
              </div>
              <label className="check">
                <input
                  type="checkbox"
                  checked={form.deleteWhenDeletedLocally}
                  onChange={(e) => set({ deleteWhenDeletedLocally: e.target.checked })}
                />
                Delete from the server when I delete it here
              </label>
            </div>
          )}
        </>
      )}
      <fieldset className="choice">
        <legend>Outgoing mail</legend>
        <label>
          <input
            type="radio"
            name={`${id}-out`}
            checked={form.outgoing === 'submission'}
            onChange={() => set({ outgoing: 'submission' })}
          />
          Through my provider's submission server <span className="muted small">— the usual way</span>
        </label>
        <label>
          <input
            type="radio"
            name={`${id}-out`}
            checked={form.outgoing === 'direct'}
            onChange={() => set({ outgoing: 'direct' })}
          />
          Directly to each recipient's mail server (MX){' '}
          <span className="muted small">— no provider needed; often refused from home networks</span>
        </label>
      </fieldset>
      {form.outgoing === 'submission' && (
        <ServerFields
          legend="SMTP"
          value={form.smtp}
          onChange={(smtp) => set({ smtp })}
          found={candidates.filter((c) => c.protocol === 'smtp')}
        />
      )}
      <div className="field narrow">
        <label htmlFor={`${id}-interval`}>Check for new mail every (minutes, 0 = only when asked)</label>
        <input
          id={`${id}-interval`}
          type="text"
          inputMode="numeric"
          value={form.syncIntervalMinutes}
          onChange={(e) => set({ syncIntervalMinutes: e.target.value })}
        />
      </div>
      <details className="advanced">
        <summary>Advanced</summary>
        <div className="field">
          <label htmlFor={`${id}-ca`}>Extra trusted certificate authority (PEM)</label>
          <textarea
            id={`${id}-ca`}
            rows={4}
            spellCheck={false}
            value={form.extraCaPem}
            onChange={(e) => set({ extraCaPem: e.target.value })}
          />
        </div>
      </details>
    </>
  );
}
