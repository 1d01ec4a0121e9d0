// Version checks callers make on `az version -o=json`'s `azure-cli` (docs/compatibility.md#login-logout-account-and-version).

/** "2.80.0" -> [2, 80, 0]; undefined for anything that is not three dot-separated numbers. */
export function parseVersion(text: string): [number, number, number] | undefined {
  const match = /^(\d+)\.(\d+)\.(\d+)$/.exec(text);
  return match ? [Number(match[1]), Number(match[2]), Number(match[3])] : undefined;
}

function compare(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

/** Terraform's go-azure-sdk: 2.0.81 <= v < 3.0.0 (its >= 2.30.0 per-token check is implied). */
export function meetsTerraformVersionRange(text: string): boolean {
  const version = parseVersion(text);
  return version !== undefined && compare(version, [2, 0, 81]) >= 0 && compare(version, [3, 0, 0]) < 0;
}
