// Bundles index.html + entry.js (and elgamal.js with its @noble imports, from client/node_modules) for the
// browser, with the project's Vite and its default build settings (minified, as `npm run build` would).
// Loaded with --configLoader native so nothing is written next to this file; the output directory and
// Vite's cache go to TABLET_CRYPTO_OUT (a temporary directory chosen by bench/tablet_crypto.py).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = process.env.TABLET_CRYPTO_OUT;
if (!out) throw new Error('TABLET_CRYPTO_OUT is not set (run bench/tablet_crypto.py)');

export default {
  root: here,
  base: './',
  logLevel: 'warn',
  cacheDir: join(out, '.vite-cache'),
  publicDir: false,
  build: { outDir: join(out, 'dist'), emptyOutDir: true, sourcemap: false },
};
