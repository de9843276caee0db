import { randomBytes } from 'node:crypto';

/**
 * Unguessable links for GetFunction's Code.Location, like Lambda's presigned S3 URLs: one
 * random token per code package, valid while this node runs.
 */
export class CodeLinks {
  private readonly tokenByPath = new Map<string, string>();
  private readonly pathByToken = new Map<string, string>();

  link(endpointUrl: string, zipPath: string): string {
    let token = this.tokenByPath.get(zipPath);
    if (!token) {
      token = randomBytes(24).toString('base64url');
      this.tokenByPath.set(zipPath, token);
      this.pathByToken.set(token, zipPath);
    }
    return `${endpointUrl.replace(/\/+$/, '')}/lambda-url/_code/${token}`;
  }

  zipPath(token: string): string | undefined {
    return this.pathByToken.get(token);
  }
}
