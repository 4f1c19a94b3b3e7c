import { act, cleanup, fireEvent, render, renderHook, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { clampLayout, readLayout, useLayout } from './layout';
import { Splitter } from './Splitter';

afterEach(() => {
  cleanup();
  localStorage.clear();
});

describe('pane layout', () => {
  it('keeps widths inside their limits and falls back on junk', () => {
    expect(clampLayout({ sidebar: 10, list: 5000 })).toEqual({ sidebar: 180, list: 900 });
    expect(clampLayout({ sidebar: Number.NaN })).toEqual({ sidebar: 250, list: 400 });
    localStorage.setItem('mailwright.layout', '{not json');
    expect(readLayout(localStorage)).toEqual({ sidebar: 250, list: 400 });
  });

  it('remembers a change across sessions', () => {
    const first = renderHook(() => useLayout());
    act(() => first.result.current[1]({ list: 520 }));
    first.unmount();
    const second = renderHook(() => useLayout());
    expect(second.result.current[0]).toEqual({ sidebar: 250, list: 520 });
  });

  it('a splitter moves with the arrow keys', () => {
    let value = 300;
    render(
      <Splitter label="Resize the list" value={value} min={200} max={600} onChange={(v) => (value = v)} />,
    );
    const sep = screen.getByRole('separator', { name: 'Resize the list' });
    expect(sep.getAttribute('aria-valuenow')).toBe('300');
    fireEvent.keyDown(sep, { key: 'ArrowRight' });
    expect(value).toBe(316);
  });
});
