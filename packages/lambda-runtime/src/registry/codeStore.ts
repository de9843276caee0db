import { createHash } from 'node:crypto';
import { renameSync, rmSync, statSync } from 'node:fs';
import { access, mkdir, readdir, readFile, rename, rm, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { InvalidParameterValueException } from '../errors.js';
import { LIMITS } from '../limits.js';
import type { CodePackage } from './types.js';

/**
 * Code packages on disk: `<root>/<tenant hash>/<function>/<sha256>/task/` holds the unzipped code
 * (LAMBDA_TASK_ROOT) and `<sha256>.zip` the upload. `<root>` sits beside the SDK mirror's
 * node_modules (see sdkMirror.ts), so ESM `import '@aws-sdk/...'` resolves by walking up, while
 * the function's own bundled node_modules inside task/ still wins. No symlinks live under a
 * readable root: the permission model checks paths lexically, so a link would let code escape.
 */
export class CodeStore {
  /** When each package was last asked to be stored (this process), noted before any await. */
  private readonly storedAt = new Map<string, number>();

  constructor(private readonly root: string) {}

  functionDir(tenant: string, functionName: string): string {
    return path.join(this.root, tenantDirName(tenant), functionName);
  }

  packageDir(tenant: string, functionName: string, code: CodePackage): string {
    return path.join(this.functionDir(tenant, functionName), code.sha256Hex);
  }

  taskRoot(tenant: string, functionName: string, code: CodePackage): string {
    return path.join(this.packageDir(tenant, functionName, code), 'task');
  }

  zipPath(tenant: string, functionName: string, code: CodePackage): string {
    return path.join(this.functionDir(tenant, functionName), `${code.sha256Hex}.zip`);
  }

  /** Validates and unzips an upload; the same bytes uploaded again reuse the package. */
  async store(tenant: string, functionName: string, zip: Uint8Array): Promise<CodePackage> {
    const digest = createHash('sha256').update(zip).digest();
    const code: CodePackage = { sha256Hex: digest.toString('hex'), codeSha256: digest.toString('base64'), codeSize: zip.byteLength };
    const packageDir = this.packageDir(tenant, functionName, code);
    this.storedAt.set(packageDir, Date.now());
    if (await exists(path.join(packageDir, 'task'))) {
      // Stored again: freshly in use, so the sweeper's grace period starts over (see storedPackages).
      const now = new Date();
      await utimes(this.zipPath(tenant, functionName, code), now, now).catch(() => undefined);
      return code;
    }

    const files = unzipOrRefuse(zip);
    const staging = `${packageDir}.staging-${process.pid}-${Date.now()}`;
    const stagingTask = path.join(staging, 'task');
    await mkdir(stagingTask, { recursive: true });
    for (const [entryName, bytes] of Object.entries(files)) {
      if (entryName.endsWith('/')) {
        await mkdir(safeJoin(stagingTask, entryName), { recursive: true });
        continue;
      }
      const target = safeJoin(stagingTask, entryName);
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, bytes);
    }
    await writeFile(this.zipPath(tenant, functionName, code), zip);
    await rm(packageDir, { recursive: true, force: true });
    await rename(staging, packageDir);
    return code;
  }

  /** Whether the package is unpacked for this function (replication skips fetching it then). */
  has(tenant: string, functionName: string, code: CodePackage): Promise<boolean> {
    return exists(path.join(this.packageDir(tenant, functionName, code), 'task'));
  }

  /** The zip as uploaded (what replication sends to other PoPs). */
  readZip(tenant: string, functionName: string, code: CodePackage): Promise<Uint8Array> {
    return readFile(this.zipPath(tenant, functionName, code));
  }

  /**
   * The hashes of the packages on disk for a function. When each was last stored is its zip's
   * mtime (storing the same bytes again renews it): a package stored but not yet named by a
   * version (between upload and commit, a DryRun) is told apart from an abandoned one by that.
   */
  async storedPackages(tenant: string, functionName: string): Promise<string[]> {
    let names: string[];
    try {
      names = await readdir(this.functionDir(tenant, functionName));
    } catch {
      return [];
    }
    return [...new Set(names.map((name) => /^([0-9a-f]{64})(\.zip)?$/.exec(name)?.[1]).filter((hash): hash is string => hash !== undefined))];
  }

  /**
   * Removes one package (its unpacked folder and its zip) if, at this moment, it was not stored
   * within `graceMs` and `unused()` says so. The check and moving the folder aside happen in one
   * synchronous step: a store() of the same bytes either came first (and renewed the time) or
   * comes after and finds no package, so unpacks it again. Resolves whether it was removed.
   */
  async removePackageIfUnused(tenant: string, functionName: string, sha256Hex: string, graceMs: number, unused: () => boolean): Promise<boolean> {
    const code: CodePackage = { sha256Hex, codeSha256: '', codeSize: 0 };
    const packageDir = this.packageDir(tenant, functionName, code);
    const zip = this.zipPath(tenant, functionName, code);
    const now = Date.now();
    if (now - (this.storedAt.get(packageDir) ?? 0) < graceMs || now - zipStoredAtMs(zip) < graceMs || !unused()) return false;
    const doomed = `${packageDir}.removing-${process.pid}-${now}`;
    try {
      renameSync(packageDir, doomed);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    rmSync(zip, { force: true });
    this.storedAt.delete(packageDir);
    await rm(doomed, { recursive: true, force: true });
    return true;
  }

  async removeFunction(tenant: string, functionName: string): Promise<void> {
    await rm(this.functionDir(tenant, functionName), { recursive: true, force: true });
  }
}

function zipStoredAtMs(zip: string): number {
  try {
    return statSync(zip).mtimeMs;
  } catch {
    return 0;
  }
}

export function tenantDirName(tenant: string): string {
  return createHash('sha256').update(tenant).digest('hex').slice(0, 16);
}

function unzipOrRefuse(zip: Uint8Array): Record<string, Uint8Array> {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(zip);
  } catch {
    // Lambda's answer to bytes that are not a zip archive.
    throw new InvalidParameterValueException('Could not unzip uploaded file. Please check your file, then try to upload again.');
  }
  const unzippedBytes = Object.values(files).reduce((sum, bytes) => sum + bytes.byteLength, 0);
  if (unzippedBytes > LIMITS.unzippedCodeBytes) {
    throw new InvalidParameterValueException(`Unzipped size must be smaller than ${LIMITS.unzippedCodeBytes} bytes`);
  }
  return files;
}

/** Refuses zip entries that would escape the task root ("zip slip"). */
function safeJoin(root: string, entryName: string): string {
  const target = path.resolve(root, entryName);
  if (target !== root && !target.startsWith(root + path.sep)) {
    throw new InvalidParameterValueException('Could not unzip uploaded file. Please check your file, then try to upload again.');
  }
  return target;
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}
