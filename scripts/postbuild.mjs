// Makes the CLI executable so `npx upgrade-windows` works right after `npm install`.
import { chmodSync, existsSync } from 'node:fs';
const bin = new URL('../build/src/cli/main.js', import.meta.url);
if (existsSync(bin)) chmodSync(bin, 0o755);
