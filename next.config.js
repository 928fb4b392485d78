import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * The console is hosted by its own Node server (server/main.ts); no Next API routes.
 * @type {import('next').NextConfig}
 */
const config = {
  reactStrictMode: true,
  poweredByHeader: false,
  turbopack: { root },
  outputFileTracingRoot: root,
  // `npm test` runs `tsc --noEmit` over the whole repo as its own step; checking again inside
  // `next build` doubles the slowest part of the build (and of `npm start` after a change).
  typescript: { ignoreBuildErrors: true },
};

export default config;
