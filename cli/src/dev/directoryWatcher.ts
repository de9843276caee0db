import { watch, type FSWatcher } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

export interface DirectoryWatcherOptions {
  /** Folder names never watched: the node's own data (it writes constantly), dependencies, VCS. */
  skipDirectories: Set<string>;
  /** Quiet time after the last event before a batch is delivered: an editor's save is several events. */
  debounceMs: number;
  /** One batch of changed paths (absolute), with the time of its first event (performance.now()). */
  onBatch: (paths: Set<string>, firstEventAt: number) => void;
  onError: (error: Error) => void;
}

export interface DirectoryWatcher {
  close(): void;
}

/**
 * Watches a folder tree with one non-recursive fs.watch (inotify) per folder. Node 20's
 * `recursive: true` on Linux walks and watches everything below, with no way to leave out
 * `.kuhiro/` (where the dev node writes its data and logs all the time) or node_modules; here
 * those are never watched. New folders are picked up when they appear.
 */
export async function watchDirectory(root: string, options: DirectoryWatcherOptions): Promise<DirectoryWatcher> {
  const watchers = new Map<string, FSWatcher>();
  let pending = new Set<string>();
  let firstEventAt = 0;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;

  const flush = (): void => {
    timer = undefined;
    const batch = pending;
    pending = new Set();
    if (batch.size > 0 && !closed) options.onBatch(batch, firstEventAt);
  };

  const changed = (path: string): void => {
    if (closed) return;
    if (pending.size === 0) firstEventAt = performance.now();
    pending.add(path);
    if (timer) clearTimeout(timer);
    timer = setTimeout(flush, options.debounceMs);
  };

  const addTree = async (dir: string): Promise<void> => {
    if (closed || watchers.has(dir)) return;
    let watcher: FSWatcher;
    try {
      watcher = watch(dir, (_event, name) => {
        const path = name ? join(dir, name.toString()) : dir;
        changed(path);
        // A new (or renamed-in) folder: watch it and what is already inside.
        void stat(path).then(
          (info) => {
            if (info.isDirectory() && name && !options.skipDirectories.has(name.toString())) void addTree(path);
          },
          () => undefined,
        );
      });
    } catch {
      return; // removed before we got to it
    }
    watcher.on('error', () => {
      // The folder went away (inotify reports that as an error on some systems).
      watcher.close();
      watchers.delete(dir);
    });
    watchers.set(dir, watcher);
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) if (entry.isDirectory() && !options.skipDirectories.has(entry.name)) await addTree(join(dir, entry.name));
  };

  try {
    await addTree(root);
  } catch (error) {
    options.onError(error as Error);
  }
  return {
    close: () => {
      closed = true;
      if (timer) clearTimeout(timer);
      for (const watcher of watchers.values()) watcher.close();
      watchers.clear();
    },
  };
}
