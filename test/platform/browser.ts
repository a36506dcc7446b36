// Shared by the Chromium tests: the local server (scripts/serve.ts) plus a headless Debian Chromium
// driven by playwright-core, with a clear failure when the browser is not installed.
import { existsSync } from 'node:fs';
import { type Browser, chromium, type Page } from 'playwright-core';
import { type RunningServer, startServer } from '../../scripts/serve.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface BrowserSession {
  server: RunningServer;
  browser: Browser;
  /** A fresh page; uncaught page errors, console errors and HTTP errors are collected into `errors`. */
  newPage(): Promise<{ page: Page; errors: string[] }>;
  close(): Promise<void>;
}

export async function openBrowser(): Promise<BrowserSession> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`no Chromium at ${CHROMIUM}: install it with 'apt-get install chromium' (scripts/setup.sh does) or set CHROMIUM_PATH`);
  }
  const server = await startServer();
  let browser: Browser;
  try {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--enable-unsafe-webgpu'],
    });
  } catch (e) {
    await server.close();
    throw e;
  }
  return {
    server,
    browser,
    async newPage() {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
      page.on('response', (r) => {
        if (r.status() >= 400) errors.push(`HTTP ${r.status()} ${r.url()}`);
      });
      page.on('console', (m) => {
        // Failed loads are reported above with their URL.
        if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(`console.error: ${m.text()}`);
      });
      return { page, errors };
    },
    async close() {
      await browser.close().catch(() => undefined);
      await server.close();
    },
  };
}
