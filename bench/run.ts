import { readdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import type { BenchSection, SummaryRow } from './section.js';

/**
 * `npm run bench`: runs every `bench/*.ts` module that exports `bench()` (or only those named on the
 * command line, e.g. `npm run bench -- engine`) and writes BENCHMARKS.md.
 */
async function main(): Promise<void> {
  const only = new Set(process.argv.slice(2));
  const here = new URL('.', import.meta.url);
  const modules = readdirSync(here)
    .filter((file) => file.endsWith('.js') && !['run.js', 'section.js'].includes(file))
    .filter((file) => only.size === 0 || only.has(file.replace(/\.js$/, '')));
  const sections: BenchSection[] = [];
  for (const file of modules) {
    const module = (await import(new URL(file, here).href)) as { bench?: () => Promise<BenchSection> };
    if (typeof module.bench !== 'function') continue;
    process.stderr.write(`bench: ${file}\n`);
    sections.push(await module.bench());
  }
  sections.sort((a, b) => a.order - b.order);
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}, ${process.platform}`;
  const text = [
    '# Benchmarks',
    '',
    `Written by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)} (${machine}).`,
    'Each section names the command that reproduces it alone. Figures are medians unless a column says otherwise.',
    '',
    '## Summary',
    '',
    '| figure | measured | goal | peer (same run) | command |',
    '|---|---|---|---|---|',
    ...sections.flatMap((section) =>
      summaryOf(section).map(
        (row) => `| ${row.figure} | ${row.value} | ${row.goal} | ${row.peer} | \`${section.command}\` |`,
      ),
    ),
    '',
    ...sections.flatMap((section) => [
      `## ${section.title}`,
      '',
      `Command: \`${section.command}\``,
      '',
      section.body.trim(),
      '',
    ]),
  ].join('\n');
  if (only.size === 0) writeFileSync(new URL('../../BENCHMARKS.md', import.meta.url), text);
  else process.stdout.write(text);
  if (sections.some((section) => !section.goalsMet)) process.exitCode = 1;
}

/**
 * A section's summary rows; for a section that gives none, each data row of the tables in its body, its cells
 * named by their column headers (so no figure is left out of the summary).
 */
export function summaryOf(section: BenchSection): SummaryRow[] {
  if (section.summary !== undefined) return section.summary;
  const rows: SummaryRow[] = [];
  let header: string[] | null = null;
  for (const line of section.body.split('\n')) {
    if (!line.startsWith('|')) {
      header = null;
      continue;
    }
    const cells = line
      .replace(/^\|/, '')
      .replace(/\|$/, '')
      .split('|')
      .map((cell) => cell.trim());
    if (header === null) header = cells;
    else if (!cells.every((cell) => /^:?-+:?$/.test(cell))) {
      rows.push({
        figure: `${section.title}: ${cells[0]}`,
        value: cells
          .slice(1)
          .map((cell, index) => `${header![index + 1] ?? ''} ${cell}`.trim())
          .join('; '),
        goal: 'see its section',
        peer: 'see its section',
      });
    }
  }
  return rows;
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
