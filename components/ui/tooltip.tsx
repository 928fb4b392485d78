'use client';
/**
 * Hover/focus tooltip rendered into document.body, so scroll containers and the virtual list's
 * transformed rows cannot clip or offset it.
 */
import { useId, useState, type ReactNode } from 'react';
import { createPortal } from 'react-dom';

interface Position {
  left: number;
  top: number;
}

/** `content` may be a function: it then runs only while the tooltip shows (cheap in long lists). */
export function Tooltip({ content, children, className = '' }: { content: ReactNode | (() => ReactNode); children: ReactNode; className?: string }) {
  const [pos, setPos] = useState<Position | null>(null);
  const id = useId();
  const show = (el: HTMLElement) => {
    const r = el.getBoundingClientRect();
    setPos({ left: Math.min(r.left, window.innerWidth - 330), top: r.bottom + 6 });
  };
  return (
    <span
      className={`inline-flex ${className}`}
      tabIndex={0}
      aria-describedby={pos ? id : undefined}
      onMouseEnter={(e) => show(e.currentTarget)}
      onMouseLeave={() => setPos(null)}
      onFocus={(e) => show(e.currentTarget)}
      onBlur={() => setPos(null)}
    >
      {children}
      {pos &&
        createPortal(
          <div
            id={id}
            role="tooltip"
            style={{ left: pos.left, top: pos.top }}
            className="pointer-events-none fixed z-50 max-w-xs rounded-md bg-slate-900 px-2.5 py-1.5 text-xs leading-5 text-slate-50 shadow-lg ring-1 ring-black/10 dark:bg-slate-100 dark:text-slate-900"
          >
            {typeof content === 'function' ? content() : content}
          </div>,
          document.body,
        )}
    </span>
  );
}
