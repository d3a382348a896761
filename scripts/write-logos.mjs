// Regenerates assets/logo.png (320 × 320) and assets/logo-small.png (128 × 128) from src/packaging/logo.ts,
// which draws them in code so the committed PNGs have a source. Run after `npm run build`.
import { writeLogos } from '../build/src/packaging/logo.js';

writeLogos(new URL('../assets/', import.meta.url));
