// The dashboard is served by the control plane at /dashboard/ (same origin as the API it calls).
// Maven builds it into the server's classes: npm run build -- --outDir <classes>/static/dashboard.
import { defineConfig } from 'vite';

export default defineConfig({
  base: '/dashboard/',
  oxc: {
    jsx: { runtime: 'automatic', importSource: 'preact' },
  },
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    target: 'es2022',
    // No source maps in the jar: the sources are in the repository.
    sourcemap: false,
  },
  server: {
    // `npm run dev` against a local control plane (bin/opencvm-dev): the API is proxied, so the page
    // keeps one origin and its session cookie works as in production.
    proxy: {
      '/api': 'http://127.0.0.1:8000',
      '/admin': 'http://127.0.0.1:8000',
      '/dashboard/session': 'http://127.0.0.1:8000',
    },
  },
});
