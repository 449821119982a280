import path from 'node:path'
import { vitePlugin as remix } from '@remix-run/dev'
import { defineConfig } from 'vite'

declare module '@remix-run/node' {
  interface Future {
    v3_singleFetch: true
  }
}

const alias = {
  '~': path.resolve(__dirname, 'app'),
  '#generated': path.resolve(__dirname, 'generated'),
}

export default defineConfig(({ isSsrBuild }) => ({
  resolve: { alias },
  build: {
    // Keep the client bundle lean for 3G phones; the server bundle needs no minifying.
    cssMinify: true,
    target: isSsrBuild ? 'node20' : 'es2020',
    assetsInlineLimit: 0,
  },
  server: { port: 3000 },
  plugins: [
    process.env.VITEST
      ? null
      : remix({
          future: {
            v3_fetcherPersist: true,
            v3_relativeSplatPath: true,
            v3_throwAbortReason: true,
            v3_singleFetch: true,
            v3_lazyRouteDiscovery: true,
            v3_routeConfig: true,
          },
        }),
  ],
}))
