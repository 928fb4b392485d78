'use client';
/** A click-to-open panel under a trigger button; closes on outside click and Escape. */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { IconChevronDown } from './icons';

export interface PopoverProps {
  trigger: (props: { open: boolean; toggle: () => void }) => ReactNode;
  children: (close: () => void) => ReactNode;
  align?: 'left' | 'right';
  panelClassName?: string;
}

export function Popover({ trigger, children, align = 'left', panelClassName = '' }: PopoverProps) {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (root.current && !root.current.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setOpen(false);
    };
    document.addEventListener('mousedown', onDown);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('mousedown', onDown);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);
  return (
    <div ref={root} className="relative">
      {trigger({ open, toggle: () => setOpen((o) => !o) })}
      {open && (
        <div
          className={`absolute top-full z-40 mt-1.5 min-w-48 overflow-hidden rounded-md bg-white py-1 text-[13px] text-slate-800 shadow-xl ring-1 ring-slate-900/10 dark:bg-slate-900 dark:text-slate-100 dark:ring-slate-700 ${align === 'right' ? 'right-0' : 'left-0'} ${panelClassName}`}
        >
          {children(() => setOpen(false))}
        </div>
      )}
    </div>
  );
}

/** One row in a popover menu. */
export function MenuItem({ children, onSelect, selected, ...rest }: { children: ReactNode; onSelect: () => void; selected?: boolean; role?: string; 'aria-checked'?: boolean }) {
  return (
    <button
      type="button"
      role={rest.role ?? 'menuitem'}
      aria-checked={rest['aria-checked']}
      onClick={onSelect}
      className={`flex w-full items-center gap-2 px-3 py-1.5 text-left hover:bg-slate-100 dark:hover:bg-slate-800 ${selected ? 'font-semibold text-blue-700 dark:text-blue-300' : ''}`}
    >
      {children}
    </button>
  );
}

/** The button that opens a menu popover: its ARIA state, the caller's content and a chevron. */
export function MenuButton({ open, toggle, label, testId, className, children }: { open: boolean; toggle: () => void; label: string; testId: string; className: string; children: ReactNode }) {
  return (
    <button type="button" onClick={toggle} aria-expanded={open} aria-haspopup="menu" aria-label={label} data-testid={testId} className={`flex h-8 items-center rounded-md text-[13px] ${className}`}>
      {children}
      <IconChevronDown width={14} height={14} />
    </button>
  );
}
