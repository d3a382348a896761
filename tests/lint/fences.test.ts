import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

// The layer fences of eslint.config.js, shown on small files linted under the project's own config: each
// forbidden import is refused by no-restricted-imports, and each allowed one passes. ESLint runs in a child
// process because its flat config is an ES module, which jest's CommonJS runtime cannot load.

const ROOT = resolve(__dirname, '../..');

interface Fixture {
  /** Where the file would live: the path decides which fence applies. */
  file: string;
  from: string;
  /** `import type` rather than a value import. */
  typeOnly?: boolean;
}

const FORBIDDEN: Fixture[] = [
  { file: 'src/core/fixture.ts', from: '../server/store/sqlite.js' },
  { file: 'src/core/fixture.ts', from: '../zendesk/client/index.js' },
  { file: 'src/core/fixture.ts', from: '../app/App.js' },
  { file: 'src/core/fixture.ts', from: '../preview/routes.js' },
  { file: 'src/core/fixture.ts', from: '../contract/api.js' },
  { file: 'src/core/windows/fixture.ts', from: '../../cli/run.js' },
  { file: 'src/core/fixture.ts', from: 'node:fs' },
  { file: 'src/app/hooks/fixture.ts', from: '../../server/service.js' },
  { file: 'src/app/hooks/fixture.ts', from: '../../zendesk/client/index.js' },
  { file: 'src/app/hooks/fixture.ts', from: '../../preview/routes.js' },
  { file: 'src/app/fixture.tsx', from: '../cli/run.js' },
  { file: 'src/app/fixture.tsx', from: '../packaging/package.js' },
  { file: 'src/server/fixture.ts', from: '../app/App.js' },
  { file: 'src/server/fixture.ts', from: '../preview/routes.js' },
  { file: 'src/server/capture/fixture.ts', from: '../../preview/routes.js' },
  { file: 'src/contract/fixture.ts', from: '../server/http/errors.js' },
  { file: 'src/contract/fixture.ts', from: '../app/App.js' },
  // The sidebar takes the contract's types only: its schemas (zod) stay out of the bundle.
  { file: 'src/app/hooks/fixture.ts', from: '../../contract/index.js' },
];

const ALLOWED: Fixture[] = [
  { file: 'src/core/fixture.ts', from: './schedule.js' },
  { file: 'src/core/windows/fixture.ts', from: '../schedule.js' },
  { file: 'src/app/hooks/fixture.ts', from: '../../core/schedule.js' },
  { file: 'src/app/hooks/fixture.ts', from: '../../contract/index.js', typeOnly: true },
  { file: 'src/contract/fixture.ts', from: '../core/lifecycle/types.js' },
  { file: 'src/app/hooks/fixture.ts', from: '../api/backend.js' },
  { file: 'src/app/fixture.tsx', from: 'react' },
  { file: 'src/server/fixture.ts', from: '../core/schedule.js' },
  { file: 'src/server/fixture.ts', from: '../zendesk/client/index.js' },
  { file: 'src/server/fixture.ts', from: './store/sqlite.js' },
];

const LINT_SCRIPT = `
import { ESLint } from 'eslint';
const fixtures = JSON.parse(process.argv[1]);
// The fixtures exist only as text, so the type checker cannot see them: the fences need no types, and the
// type-aware rules (which would fail to parse a file outside the project) are left out here.
const eslint = new ESLint({
  cwd: process.cwd(),
  overrideConfig: {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parserOptions: { projectService: false, project: null } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'off',
      '@typescript-eslint/no-misused-promises': 'off',
      '@typescript-eslint/await-thenable': 'off',
    },
  },
});
const results = [];
for (const { file, from, typeOnly } of fixtures) {
  const code = typeOnly
    ? "import type * as imported from '" + from + "';\\nexport type Used = typeof imported;\\n"
    : "import * as imported from '" + from + "';\\nexport const used = imported;\\n";
  const [result] = await eslint.lintText(code, { filePath: file });
  results.push(result.messages.map((message) => message.ruleId + ': ' + message.message));
}
process.stdout.write(JSON.stringify(results));
`;

function lint(fixtures: Fixture[]): string[][] {
  const output = execFileSync(process.execPath, ['--input-type=module', '-e', LINT_SCRIPT, JSON.stringify(fixtures)], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  return JSON.parse(output) as string[][];
}

describe('layer fences', () => {
  const results = lint([...FORBIDDEN, ...ALLOWED]);

  it.each(FORBIDDEN.map((fixture, index) => [fixture.file, fixture.from, index] as const))(
    '%s may not import %s',
    (_file, _from, index) => {
      expect(results[index]).toEqual([expect.stringMatching(/^(@typescript-eslint\/)?no-restricted-imports: /)]);
    },
  );

  it.each(ALLOWED.map((fixture, index) => [fixture.file, fixture.from, FORBIDDEN.length + index] as const))(
    '%s may import %s',
    (_file, _from, index) => {
      expect(results[index]).toEqual([]);
    },
  );
});
