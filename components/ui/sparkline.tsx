'use client';
/**
 * A small live chart (uPlot): one or more series over shared x values (seconds), no axes or
 * legend, redrawn in place when the data changes.
 */
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface SparkSeries {
  label: string;
  /** A CSS colour. */
  stroke: string;
  values: (number | null)[];
}

export function Sparkline({
  x,
  series,
  width = 160,
  height = 36,
  testId,
}: {
  x: number[];
  series: SparkSeries[];
  width?: number;
  height?: number;
  testId?: string;
}) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const shape = series.map((s) => `${s.label}:${s.stroke}`).join('|');

  useEffect(() => {
    if (!host.current) return;
    const opts: uPlot.Options = {
      width,
      height,
      legend: { show: false },
      cursor: { show: false },
      axes: [{ show: false }, { show: false }],
      scales: { x: { time: false }, y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] } },
      series: [
        {},
        ...series.map((s) => ({ label: s.label, stroke: s.stroke, width: 1.5, points: { show: false } })),
      ],
    };
    plot.current = new uPlot(opts, [x, ...series.map((s) => s.values)], host.current);
    return () => {
      plot.current?.destroy();
      plot.current = null;
    };
    // A new chart only when its shape or size changes; data updates go through setData.
  }, [shape, width, height]);

  useEffect(() => {
    plot.current?.setData([x, ...series.map((s) => s.values)]);
  }, [x, series]);

  return <div ref={host} data-testid={testId} aria-hidden="true" />;
}
