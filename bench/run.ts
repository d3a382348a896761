import { readdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { loadAverage, RUNS, type BenchSection } from './section.js';

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
  const sections: (BenchSection & { load: string; loadNow: string })[] = [];
  for (const file of modules) {
    const module = (await import(new URL(file, here).href)) as { bench?: () => Promise<BenchSection> };
    if (typeof module.bench !== 'function') continue;
    process.stderr.write(`bench: ${file}\n`);
    // The load average before and after: how much other work shared the cores while this section measured.
    const before = loadAverage();
    const section = await module.bench().catch((error: unknown) => failedSection(file, error));
    const after = loadAverage();
    const oneMinute = (load: string) => load.split(' ')[0];
    sections.push({
      ...section,
      load: `${before} before, ${after} after`,
      loadNow: `${oneMinute(before)}, ${oneMinute(after)}`,
    });
  }
  sections.sort((a, b) => a.order - b.order);
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}, ${process.platform}`;
  const text = [
    '# Benchmarks',
    '',
    `Written by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)} (${machine}).`,
    'Each section names the command that reproduces it alone. Every timed figure is the median of ' +
      `${RUNS} runs made one after the other, with the ${RUNS} runs shown beside it; each peer is measured in the same run.`,
    "Each section also gives the machine's load average (1 / 5 / 15 min, as `uptime` shows it) before and after it ran:",
    'the machine is shared, and a figure measured under load says so.',
    '',
    '## Summary',
    '',
    '| figure | measured | goal | peer (same run) | load 1 min (before, after) | command |',
    '|---|---|---|---|---|---|',
    ...sections.flatMap((section) =>
      section.summary.map(
        (row) =>
          `| ${row.figure} | ${row.value} | ${row.goal} | ${row.peer} | ${section.loadNow} | \`${section.command}\` |`,
      ),
    ),
    '',
    ...sections.flatMap((section) => [
      `## ${section.title}`,
      '',
      `Command: \`${section.command}\``,
      '',
      `Load average (1 / 5 / 15 min): ${section.load}.`,
      '',
      section.body.trim(),
      '',
    ]),
  ].join('\n');
  if (only.size === 0) writeFileSync(new URL('../../BENCHMARKS.md', import.meta.url), text);
  else process.stdout.write(text);
  if (sections.some((section) => !section.goalsMet)) process.exitCode = 1;
}

/** A section that threw: reported as not measured, with its error, so the other sections' figures still count. */
function failedSection(file: string, error: unknown): BenchSection {
  const name = file.replace(/\.js$/, '');
  const message = error instanceof Error ? error.message : String(error);
  return {
    order: 99,
    title: `${name}: not measured`,
    command: `npm run bench -- ${name}`,
    body: `The section failed: ${message}`,
    goalsMet: false,
    summary: [{ figure: `${name}`, value: `not measured (${message})`, goal: '—', peer: '—' }],
  };
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
