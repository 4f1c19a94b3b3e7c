export function EmptyState({ onAdd }: { onAdd: () => void }) {
  return (
    <section className="empty" aria-labelledby="empty-title">
      <svg className="empty-art" viewBox="0 0 96 96" aria-hidden="true">
        <rect x="10" y="22" width="76" height="52" rx="10" />
        <path d="M16 30 L48 54 L80 30" />
      </svg>
      <h1 id="empty-title">No accounts yet</h1>
      <p className="muted">Add an email account to read, write and send mail from here.</p>
      <button type="button" className="primary" onClick={onAdd}>
        Add account
      </button>
    </section>
  );
}
