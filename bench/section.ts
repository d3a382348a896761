import { loadavg } from 'node:os';

/** What one benchmark module reports; `bench/run.ts` gathers every module's section into BENCHMARKS.md. */
export interface BenchSection {
  /** Sorts the sections in BENCHMARKS.md (engine 10, reader 20, sidebar 30, backend 40, ...). */
  order: number;
  title: string;
  /** The command that reproduces these figures on its own. */
  command: string;
  /** Markdown: usually a short paragraph and a table with the figure, the goal and the peer measured in the same run. */
  body: string;
  /** False when a figure misses its goal; the run still writes the file and exits 1. */
  goalsMet: boolean;
  /** The section's lines in the summary table at the top of BENCHMARKS.md: every figure with its goal and peer. */
  summary: SummaryRow[];
}

/** One line of the summary table: a figure, its goal, and the peer measured in the same run. */
export interface SummaryRow {
  figure: string;
  value: string;
  goal: string;
  peer: string;
}

/** Median of a sample of numbers. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** The nearest-rank percentile of a sample (`fraction` 0.99 for p99, 1 for the maximum). */
export function percentile(values: ArrayLike<number>, fraction: number): number {
  const sorted = Array.from(values).sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)]!;
}

/** Runs `fn` `runs` times after `warmup` calls and returns the median duration in milliseconds. */
export function timeMedian(fn: () => unknown, runs = 30, warmup = 5): number {
  for (let i = 0; i < warmup; i += 1) fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const started = process.hrtime.bigint();
    fn();
    samples.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return median(samples);
}

/** How many times every figure is measured; the report gives the median and all the runs. */
export const RUNS = 3;

/** Calls `measure` RUNS times in a row (sequentially: the runs never share the machine with each other). */
export async function repeat<T>(measure: (run: number) => Promise<T> | T): Promise<T[]> {
  const results: T[] = [];
  for (let run = 0; run < RUNS; run += 1) results.push(await measure(run));
  return results;
}

/** A figure's runs as the report shows them: `12.3 (runs 11.0, 12.3, 14.1)`. */
export function medianWithRuns(values: number[], digits = 1, unit = ''): string {
  const show = (value: number) => `${value.toFixed(digits)}${unit}`;
  return `${show(median(values))} (runs ${values.map(show).join(', ')})`;
}

/** The machine's load averages (1, 5 and 15 minutes) as `uptime` shows them: the other work sharing the cores. */
export function loadAverage(): string {
  return loadavg()
    .map((value) => value.toFixed(2))
    .join(' / ');
}
