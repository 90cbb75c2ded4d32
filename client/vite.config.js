import { defineConfig } from 'vite';

// `npm run dev` proxies the API and the live channel to a `kyhop serve` on port 8000.
export default defineConfig({
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:8000',
      '/socket.io': { target: 'ws://127.0.0.1:8000', ws: true },
    },
  },
});
