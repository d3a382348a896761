import { defineConfig } from 'vite';

// The sidebar page: src/app/index.html → dist/assets/index.html, the URL the manifest's location names.
// `base: './'` keeps asset URLs relative: Zendesk serves app assets under a CDN prefix (ZENDESK.md §7.5).
// Vite 8 compiles TSX with React's automatic runtime itself, so no @vitejs/plugin-react (TOOLCHAIN.md).
export default defineConfig({
  root: 'src/app',
  base: './',
  build: {
    outDir: '../../dist/assets',
    emptyOutDir: true,
    assetsDir: '.',
    target: 'es2022',
  },
});
