import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The web page: built into web/dist, which the app serves at `/` (src/http/web-page.ts).
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022' },
  // `npm run dev:web` proxies the API to a server started with `npm start`.
  server: { proxy: { '/v1': 'http://localhost:3000' } },
});
