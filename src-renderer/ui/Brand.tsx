import iconUrl from '../../assets/icon.svg';

/** The app's icon and name at the left of the top bar. */
export function Brand() {
  return (
    <span className="brand-wrap">
      <img className="brand-icon" src={iconUrl} alt="" width={22} height={22} />
      <span className="brand">Mailwright</span>
    </span>
  );
}
