import { useId, useState } from 'react';
import type { Account } from '../../src-main/model';
import type { Backend } from '../state/backend';
import { formFromSettings, settingsFromForm, type AccountForm } from '../lib/account-form';
import { AccountFields } from './AccountFields';
import { Problems } from './SetupWizard';
import { useModal } from './useModal';

/** Everything about one account that can change after setup, and removing it. */
export function AccountSettingsDialog({
  backend,
  account,
  onClose,
}: {
  backend: Backend;
  account: Account;
  onClose: () => void;
}) {
  const ref = useModal<HTMLDialogElement>(onClose);
  const nameId = useId();
  const [form, setForm] = useState<AccountForm>(() => formFromSettings(account));
  const [problems, setProblems] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [confirmRemove, setConfirmRemove] = useState(false);

  async function save() {
    const built = settingsFromForm(form, account);
    if (!built.ok) {
      setProblems(built.problems);
      return;
    }
    setBusy(true);
    // A POP3 mode switch has its own request (the service adjusts its ledger), first.
    const before = account.incoming.protocol === 'pop3' ? account.incoming.pop3.mode : null;
    if (before !== null && before !== form.pop3Mode) {
      const m = await backend.setPop3Mode(account.id, form.pop3Mode);
      if (!m.ok) {
        setBusy(false);
        setProblems([m.error.message]);
        return;
      }
    }
    const r = await backend.updateAccount(account.id, built.settings);
    setBusy(false);
    if (!r.ok) setProblems([r.error.message]);
    else ref.current?.close();
  }

  async function remove() {
    setBusy(true);
    const r = await backend.removeAccount(account.id);
    setBusy(false);
    if (!r.ok) setProblems([r.error.message]);
    else ref.current?.close();
  }

  return (
    <dialog ref={ref} className="dialog wizard" aria-labelledby="settings-title">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <h2 id="settings-title">Settings for {account.address}</h2>
        <div className="field">
          <label htmlFor={nameId}>Your name</label>
          <input
            id={nameId}
            type="text"
            value={form.displayName}
            onChange={(e) => setForm({ ...form, displayName: e.target.value })}
          />
        </div>
        <fieldset disabled={busy} className="plain">
          <AccountFields form={form} onChange={setForm} candidates={[]} protocolFixed />
        </fieldset>
        <Problems problems={problems} />
        <div className="dialog-actions spread">
          {confirmRemove ? (
            <span className="confirm">
              <span>Remove this account and its downloaded mail from this computer?</span>
              <button type="button" className="danger" onClick={() => void remove()} disabled={busy}>
                Yes, remove
              </button>
              <button type="button" onClick={() => setConfirmRemove(false)}>
                Keep it
              </button>
            </span>
          ) : (
            <button type="button" className="danger" onClick={() => setConfirmRemove(true)}>
              Remove account
            </button>
          )}
          <span className="spacer" />
          <button type="button" onClick={() => ref.current?.close()}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy}>
            Save
          </button>
        </div>
      </form>
    </dialog>
  );
}
