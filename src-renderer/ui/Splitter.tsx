import { useRef } from 'react';

/**
 * A pane divider: drag with the pointer, or focus it and use the arrow keys (a
 * `separator` with a value, as WAI-ARIA's window splitter pattern describes).
 */
export function Splitter({
  label,
  value,
  min,
  max,
  onChange,
}: {
  label: string;
  value: number;
  min: number;
  max: number;
  onChange: (next: number) => void;
}) {
  const start = useRef<{ x: number; value: number } | null>(null);
  return (
    <div
      className="splitter"
      role="separator"
      aria-orientation="vertical"
      aria-label={label}
      aria-valuenow={value}
      aria-valuemin={min}
      aria-valuemax={max}
      tabIndex={0}
      onPointerDown={(e) => {
        start.current = { x: e.clientX, value };
        e.currentTarget.setPointerCapture(e.pointerId);
      }}
      onPointerMove={(e) => {
        if (start.current !== null) onChange(start.current.value + e.clientX - start.current.x);
      }}
      onPointerUp={() => {
        start.current = null;
      }}
      onKeyDown={(e) => {
        if (e.key === 'ArrowLeft') onChange(value - 16);
        else if (e.key === 'ArrowRight') onChange(value + 16);
        else return;
        e.preventDefault();
      }}
    />
  );
}
