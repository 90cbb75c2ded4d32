import { defineConfig } from 'vite';

// `npm run dev` proxies the API and the live channel to a `kyhop serve` on port 8000.
export default defineConfig({
  // pdf.js is most of the bundle; one bundle keeps offline reading simple (the service worker caches it whole)
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 1200 },
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:8000',
      '/socket.io': { target: 'ws://127.0.0.1:8000', ws: true },
    },
  },
});
