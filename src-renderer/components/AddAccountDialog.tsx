import { useEffect, useRef } from 'react';

/**
 * The entry to account setup. The wizard itself (address + password → autoconfiguration
 * → test → save) comes with the renderer issue; this dialog is its frame.
 */
export function AddAccountDialog({ onClose }: { onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const dialog = ref.current;
    if (dialog === null) return;
    if (!dialog.open) dialog.showModal();
    // Escape closes a modal dialog natively; keep React's state in step with it.
    const closed = () => onClose();
    dialog.addEventListener('close', closed);
    return () => dialog.removeEventListener('close', closed);
  }, [onClose]);

  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby="add-account-title"
      aria-describedby="add-account-text"
    >
      <h2 id="add-account-title">Add an account</h2>
      <p id="add-account-text" className="muted">
        Mailwright works with any provider that offers IMAP or POP3 and SMTP. Setup asks for your address and
        password, finds the server settings and tests them before saving.
      </p>
      <ol className="steps" aria-label="Setup steps">
        <li>Your address and password</li>
        <li>Server settings, found automatically</li>
        <li>Connection test</li>
      </ol>
      <p className="note">The setup wizard is not in this build yet.</p>
      <div className="dialog-actions">
        <button type="button" onClick={() => ref.current?.close()}>
          Close
        </button>
      </div>
    </dialog>
  );
}
