import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/core-auth';

/**
 * `DefaultAzureCredential`, loaded on first use: `@azure/identity` costs ~20 MB of memory, which
 * processes on connection strings (every local run and test) should not pay.
 */
export class LazyDefaultAzureCredential implements TokenCredential {
  private inner: Promise<TokenCredential> | undefined;

  async getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken | null> {
    this.inner ??= import('@azure/identity').then((m) => new m.DefaultAzureCredential());
    return (await this.inner).getToken(scopes, options);
  }
}
