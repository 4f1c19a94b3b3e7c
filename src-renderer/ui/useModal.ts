import { useEffect, useRef } from 'react';

/**
 * Opens a <dialog> as a modal on mount (focus moves into it and stays there; Escape
 * closes it natively) and tells React when it closed.
 */
export function useModal<T extends HTMLDialogElement>(onClose: () => void) {
  const ref = useRef<T>(null);
  const close = useRef(onClose);
  close.current = onClose;
  useEffect(() => {
    const dialog = ref.current;
    if (dialog === null) return;
    if (!dialog.open) dialog.showModal();
    const closed = () => close.current();
    dialog.addEventListener('close', closed);
    return () => dialog.removeEventListener('close', closed);
  }, []);
  return ref;
}
