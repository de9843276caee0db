import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium (`apt-get install chromium`), driven by playwright-core without its own download. */
export const CHROMIUM_PATH = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
/**
 * Where the browser tests write their screenshots: `docs/screenshots/` of the repository when
 * KUHIRO_SCREENSHOTS=1 (to refresh the README's pictures), otherwise a temp folder, so that a
 * plain test run leaves the work tree as it was.
 */
export const SCREENSHOTS_DIR =
  process.env.KUHIRO_SCREENSHOTS === '1'
    ? fileURLToPath(new URL('../../../../../docs/screenshots/', import.meta.url))
    : join(tmpdir(), 'kuhiro-screenshots/');

export interface Browser {
  page: Page;
  /** Uncaught errors of the page's scripts. */
  pageErrors: string[];
  close(): Promise<void>;
}

/** A headless Chromium at 1280x800 with a fresh profile directory, removed on close. */
export async function openBrowser(): Promise<Browser> {
  await mkdir(SCREENSHOTS_DIR, { recursive: true });
  const profile = await mkdtemp(join(tmpdir(), 'kuhiro-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1280, height: 800 },
    });
  } catch (err) {
    await rm(profile, { recursive: true, force: true });
    throw err;
  }
  const page = context.pages()[0] ?? (await context.newPage());
  const pageErrors: string[] = [];
  page.on('pageerror', (err) => pageErrors.push(err.message));
  return {
    page,
    pageErrors,
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
