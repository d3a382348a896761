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
  /** The headline figures, for the summary table at the top of BENCHMARKS.md (default: read from the body's tables). */
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
