import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The API server the dev server forwards to (`npm start` listens on 3000).
const api = process.env.CHORALE_API_URL ?? 'http://localhost:3000';

export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true },
  server: {
    proxy: { '/api': api, '/outbox': api },
  },
});
