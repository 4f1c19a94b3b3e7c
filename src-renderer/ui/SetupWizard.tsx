import { useEffect, useId, useState } from 'react';
import type {
  Account,
  AutoconfigCandidateInfo,
  ConnectionCheck,
  PasswordStoreInfo,
} from '../../src-main/model';
import type { Backend } from '../state/backend';
import { formFromProposal, guessForm, settingsFromForm, type AccountForm } from '../lib/account-form';
import { isAddress } from '../lib/addresses';
import { AccountFields } from './AccountFields';
import { useModal } from './useModal';

type Step =
  | { kind: 'identity' }
  | { kind: 'finding' }
  | { kind: 'settings' }
  | { kind: 'testing' }
  | { kind: 'tested'; checks: ConnectionCheck[] };

const ROLE: Record<ConnectionCheck['role'], string> = {
  imap: 'Incoming (IMAP)',
  pop3: 'Incoming (POP3)',
  smtp: 'Outgoing (SMTP)',
};

/**
 * Account setup: address + password → autoconfiguration (each setting with where it came
 * from) → edit → save and test the connection → done. The password lives in this
 * component's state only until it is handed to the keychain.
 */
export function SetupWizard({
  backend,
  onClose,
  onAdded,
}: {
  backend: Backend;
  onClose: () => void;
  onAdded: (a: Account) => void;
}) {
  const ref = useModal<HTMLDialogElement>(onClose);
  const ids = { name: useId(), address: useId(), password: useId(), ca: useId() };
  const [ca, setCa] = useState('');
  const [store, setStore] = useState<PasswordStoreInfo | null>(null);
  useEffect(() => {
    let live = true;
    void backend.passwordStore().then((r) => {
      if (live && r.ok) setStore(r.value);
    });
    return () => {
      live = false;
    };
  }, [backend]);
  const [step, setStep] = useState<Step>({ kind: 'identity' });
  const [name, setName] = useState('');
  const [address, setAddress] = useState('');
  const [password, setPassword] = useState('');
  const [form, setForm] = useState<AccountForm | null>(null);
  const [candidates, setCandidates] = useState<AutoconfigCandidateInfo[]>([]);
  const [notes, setNotes] = useState<string[]>([]);
  const [problems, setProblems] = useState<string[]>([]);
  const [saved, setSaved] = useState<Account | null>(null);

  async function find() {
    const p: string[] = [];
    if (!isAddress(address.trim())) p.push('Enter your email address, like name@example.org.');
    if (password === '') p.push('Enter the password of this address.');
    setProblems(p);
    if (p.length > 0) return;
    setStep({ kind: 'finding' });
    const extraCa = ca.trim() === '' ? undefined : ca.trim();
    const r = await backend.autoconfigure(address.trim(), extraCa);
    if (r.ok) {
      const f = formFromProposal(address, name, r.value);
      setForm(extraCa === undefined ? f : { ...f, extraCaPem: extraCa });
      setCandidates(r.value.candidates);
      setNotes(
        r.value.found
          ? r.value.notes
          : ['No server answered automatically: enter your provider’s settings below.', ...r.value.notes],
      );
    } else {
      setForm({ ...guessForm(address, name), extraCaPem: ca.trim() });
      setCandidates([]);
      setNotes([`Automatic setup failed (${r.error.message}) — enter your provider’s settings below.`]);
    }
    setStep({ kind: 'settings' });
  }

  async function saveAndTest() {
    if (form === null) return;
    const built = settingsFromForm(form, saved ?? undefined);
    if (!built.ok) {
      setProblems(built.problems);
      return;
    }
    setProblems([]);
    setStep({ kind: 'testing' });
    let account = saved;
    if (account === null) {
      const r = await backend.addAccount(built.settings, password);
      if (!r.ok) {
        setProblems([r.error.message]);
        setStep({ kind: 'settings' });
        return;
      }
      account = r.value;
      setSaved(account);
    } else {
      const r = await backend.updateAccount(account.id, built.settings);
      if (!r.ok) {
        setProblems([r.error.message]);
        setStep({ kind: 'settings' });
        return;
      }
      account = r.value;
      setSaved(account);
      await backend.setPassword(account.id, password);
    }
    const t = await backend.testAccount(account.id);
    setStep({
      kind: 'tested',
      checks: t.ok
        ? t.value
        : [{ role: 'imap', host: '', port: 0, security: 'none', ok: false, error: t.error }],
    });
  }

  async function cancel() {
    // A saved account that never passed its test is not left behind.
    if (saved !== null && !(step.kind === 'tested' && step.checks.every((c) => c.ok))) {
      await backend.removeAccount(saved.id);
    }
    ref.current?.close();
  }

  const allOk = step.kind === 'tested' && step.checks.length > 0 && step.checks.every((c) => c.ok);

  return (
    <dialog
      ref={ref}
      className="dialog wizard"
      aria-labelledby="wizard-title"
      onCancel={(e) => {
        e.preventDefault();
        void cancel();
      }}
    >
      <h2 id="wizard-title">Add an account</h2>
      <ol className="wizard-steps" aria-label="Setup steps">
        <li aria-current={step.kind === 'identity' || step.kind === 'finding' ? 'step' : undefined}>
          Address
        </li>
        <li aria-current={step.kind === 'settings' ? 'step' : undefined}>Settings</li>
        <li aria-current={step.kind === 'testing' || step.kind === 'tested' ? 'step' : undefined}>Test</li>
      </ol>

      {(step.kind === 'identity' || step.kind === 'finding') && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void find();
          }}
        >
          <div className="field">
            <label htmlFor={ids.name}>Your name</label>
            <input
              id={ids.name}
              type="text"
              autoComplete="name"
              value={name}
              onChange={(e) => setName(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor={ids.address}>Email address</label>
            <input
              id={ids.address}
              type="email"
              autoComplete="email"
              spellCheck={false}
              value={address}
              onChange={(e) => setAddress(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor={ids.password}>Password</label>
            <input
              id={ids.password}
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          </div>
          <p className="muted small">
            {store?.kind === 'session'
              ? `The password is kept for this session only: ${store.problem?.message ?? 'no keychain answered.'}`
              : 'The password goes to your system’s keychain; Mailwright never writes it to a file.'}
          </p>
          <details className="advanced">
            <summary>Advanced</summary>
            <div className="field">
              <label htmlFor={ids.ca}>Extra trusted certificate authority (PEM)</label>
              <textarea
                id={ids.ca}
                rows={4}
                spellCheck={false}
                value={ca}
                onChange={(e) => setCa(e.target.value)}
              />
            </div>
          </details>
          <Problems problems={problems} />
          <div className="dialog-actions">
            <button type="button" onClick={() => void cancel()}>
              Cancel
            </button>
            <button type="submit" className="primary" disabled={step.kind === 'finding'}>
              {step.kind === 'finding' ? 'Looking up settings…' : 'Continue'}
            </button>
          </div>
          {step.kind === 'finding' && (
            <p role="status" className="muted small">
              Asking DNS and trying the usual server names…
            </p>
          )}
        </form>
      )}

      {(step.kind === 'settings' || step.kind === 'testing' || step.kind === 'tested') && form !== null && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (allOk) ref.current?.close();
            else void saveAndTest();
          }}
        >
          {notes.length > 0 && (
            <ul className="note notes">
              {notes.map((n) => (
                <li key={n}>{n}</li>
              ))}
            </ul>
          )}
          <fieldset disabled={step.kind === 'testing'} className="plain">
            <AccountFields
              form={form}
              onChange={setForm}
              candidates={candidates}
              protocolFixed={saved !== null}
            />
          </fieldset>
          <Problems problems={problems} />
          {step.kind === 'testing' && (
            <p role="status" className="muted">
              Testing the connection…
            </p>
          )}
          {step.kind === 'tested' && (
            <section aria-label="Connection test" className="checks">
              <ul>
                {step.checks.map((c) => (
                  <li key={c.role} className={c.ok ? 'ok' : 'failed'}>
                    <strong>{ROLE[c.role]}</strong> {c.host !== '' && `${c.host}:${c.port}`} —{' '}
                    {c.ok ? (c.detail ?? 'works') : (c.error?.message ?? 'failed')}
                    {c.error?.serverText !== undefined && (
                      <span className="server-text block">The server said: {c.error.serverText}</span>
                    )}
                  </li>
                ))}
              </ul>
              <p role="status">
                {allOk ? 'Everything works. The account is saved.' : 'Fix the settings above and test again.'}
              </p>
            </section>
          )}
          <div className="dialog-actions">
            <button type="button" onClick={() => void cancel()}>
              Cancel
            </button>
            {allOk ? (
              <button
                type="submit"
                className="primary"
                onClick={() => {
                  if (saved !== null) onAdded(saved);
                }}
              >
                Done
              </button>
            ) : (
              <button type="submit" className="primary" disabled={step.kind === 'testing'}>
                {saved === null ? 'Save and test' : 'Test again'}
              </button>
            )}
          </div>
        </form>
      )}
    </dialog>
  );
}

export function Problems({ problems }: { problems: string[] }) {
  if (problems.length === 0) return null;
  return (
    <div role="alert" className="form-error">
      {problems.map((p) => (
        <p key={p}>{p}</p>
      ))}
    </div>
  );
}
