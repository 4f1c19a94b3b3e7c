import type { Account } from '../../src-main/model';

export function AccountList({ accounts }: { accounts: Account[] }) {
  return (
    <ul className="account-list">
      {accounts.map((a) => (
        <li key={a.id}>
          <span className="account-name">{a.displayName || a.address}</span>
          <span className="muted small">{a.address}</span>
        </li>
      ))}
    </ul>
  );
}
