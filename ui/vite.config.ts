import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [sveltekit()],
  server: {
    // In development the API runs separately (`npm run dev`); in production core serves both.
    proxy: {
      '/api': { target: 'http://localhost:3000', changeOrigin: false },
      // Realtime (socket.io on the API's server), same origin as in production.
      '/socket.io': { target: 'http://localhost:3000', changeOrigin: false, ws: true },
    },
  },
});
