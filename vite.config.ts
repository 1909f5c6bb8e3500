import { defineConfig } from 'vite';
import { readConfig } from './server/config.ts';

// `npm run dev`: Vite serves web/ with hot reload and forwards the API and the session routes to
// the API server (`npm run serve` or `npm start`) on PORT.
const api = `http://localhost:${readConfig().port}`;

export default defineConfig({
  root: 'web',
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1200 },
  server: {
    proxy: {
      '/graphql': api,
      '/session': api,
      '/health': api,
    },
  },
});
