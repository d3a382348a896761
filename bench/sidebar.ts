import { existsSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import type { BenchSection, SummaryRow } from './section.js';

const GOAL_GZIP_BYTES = 110 * 1024;
const KB = 1024;

/** The JavaScript files a page loads before it runs: its module entry scripts and their modulepreloads. */
export function scriptsLoadedBy(html: string): string[] {
  const sources = [...html.matchAll(/<script\b[^>]*\btype="module"[^>]*\bsrc="([^"]+)"/g)].map((m) => m[1]!);
  const preloads = [...html.matchAll(/<link\b[^>]*\brel="modulepreload"[^>]*\bhref="([^"]+)"/g)].map((m) => m[1]!);
  return [...new Set([...sources, ...preloads])].filter((src) => !/^https?:/.test(src));
}

function sizes(files: Buffer[]): { raw: number; gzip: number } {
  return files.reduce(
    (sum, bytes) => ({ raw: sum.raw + bytes.length, gzip: sum.gzip + gzipSync(bytes, { level: 9 }).length }),
    { raw: 0, gzip: 0 },
  );
}

const kb = (bytes: number) => `${(bytes / KB).toFixed(1)} KB`;

/**
 * All the JavaScript the sidebar loads until its window list is usable, from the built dist/: the page's
 * module scripts (the window list lives in the entry chunk; lazy chunks would not count). The ZAF SDK comes
 * from Zendesk's CDN and is not in dist/. Peer in the same run: React 18 + ReactDOM production builds alone.
 */
export async function bench(): Promise<BenchSection> {
  const assets = new URL('../../dist/assets/', import.meta.url);
  const page = new URL('index.html', assets);
  const title = 'Sidebar bundle: JavaScript until the window list is usable';
  const command = 'npm run build && npm run bench -- sidebar';
  if (!existsSync(page)) {
    return {
      order: 30,
      title,
      command,
      body: 'dist/assets/index.html is missing: run `npm run build` first.',
      goalsMet: false,
      summary: [
        {
          figure: 'sidebar: JavaScript until the window list is usable (gzip)',
          value: 'not measured (no build)',
          goal: `≤ ${kb(GOAL_GZIP_BYTES)}`,
          peer: '—',
        },
      ],
    };
  }
  const scripts = scriptsLoadedBy(readFileSync(page, 'utf8'));
  const ours = sizes(scripts.map((src) => readFileSync(new URL(src, page))));
  const react = sizes(
    ['react/cjs/react.production.min.js', 'react-dom/cjs/react-dom.production.min.js'].map((path) =>
      readFileSync(new URL(`../../node_modules/${path}`, import.meta.url)),
    ),
  );
  const goalsMet = ours.gzip <= GOAL_GZIP_BYTES;
  const body = [
    `Files: ${scripts.map((src) => `\`${src.replace(/^\.\//, '')}\``).join(', ')} (gzip level 9, 1 KB = 1024 bytes).`,
    'Sizes of the built files: measured once, as bytes do not vary between runs.',
    '',
    '| bundle | raw | gzip | goal |',
    '|---|---|---|---|',
    `| sidebar (dist/assets) | ${kb(ours.raw)} | ${kb(ours.gzip)} | ≤ ${kb(GOAL_GZIP_BYTES)} gzip ${goalsMet ? '✓' : '✗'} |`,
    `| peer: react + react-dom 18 production | ${kb(react.raw)} | ${kb(react.gzip)} | |`,
    '',
    'Not counted: the ZAF SDK from the Zendesk CDN (`zaf_sdk.min.js`, about 3.4 KB gzip), served by Zendesk.',
  ].join('\n');
  const summary: SummaryRow[] = [
    {
      figure: 'sidebar: JavaScript until the window list is usable (gzip)',
      value: `${kb(ours.gzip)} (raw ${kb(ours.raw)})`,
      goal: `≤ ${kb(GOAL_GZIP_BYTES)}${goalsMet ? '' : ' (missed)'}`,
      peer: `react + react-dom 18 alone ${kb(react.gzip)}`,
    },
  ];
  return { order: 30, title, command, body, goalsMet, summary };
}
