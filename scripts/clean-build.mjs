// Removes the previous build so that deleted sources never linger in build/.
import { rmSync } from 'node:fs';
rmSync(new URL('../build', import.meta.url), { recursive: true, force: true });
