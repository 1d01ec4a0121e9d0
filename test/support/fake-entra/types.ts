// The public shapes: start options, the running fake's API, and the serialisable info a child process prints.
import type { Fault, FaultTarget } from "./faults.js";
import type { JwtPayload } from "./jwt.js";
import type { RequestLog } from "./request-log.js";
import type { DeviceCodeSettings, FakeEntraSettings } from "./state.js";

/** Settings that can change at run time; `deviceCode` merges, `directory` replaces. */
export type SettingsPatch = Partial<Omit<FakeEntraSettings, "deviceCode">> & { deviceCode?: Partial<DeviceCodeSettings> };

export interface FakeEntraOptions extends SettingsPatch {
  /** Fixed ports; 0 (default) = any free port. */
  httpPort?: number;
  httpsPort?: number;
  /** More host names for the certificate; requests to them are routed by path like 127.0.0.1. */
  extraHosts?: string[];
  /** More authority host names (e.g. `login.microsoftonline.us`), added to the certificate. */
  authorityHosts?: string[];
  /** More ARM host names (e.g. `management.usgovcloudapi.net`), added to the certificate. */
  armHosts?: string[];
  /** Append every request as one JSON line to this file. */
  logFile?: string;
  /** Where `ca.pem` and the Arc key file go; default a new temp dir, removed on close. */
  dir?: string;
  /** Cross-process cache of generated keys and certificates; false = per process only. */
  tlsCacheDir?: string | false;
}

export type ManagedIdentityKind = "imds" | "appservice" | "appservice-2017" | "cloudshell" | "arc" | "servicefabric";

/** What a test (or a parent process, via main.ts's stdout line) needs to point a client at the fake. */
export interface FakeEntraInfo {
  pid: number;
  httpPort: number;
  httpsPort: number;
  /** `http://127.0.0.1:<httpPort>`: the proxy, the managed-identity endpoints and the control API. */
  proxyUrl: string;
  httpUrl: string;
  httpsUrl: string;
  controlUrl: string;
  caPath: string;
  dir: string;
  logFile?: string;
  arcKeyPath: string;
  /** SHA-1 thumbprint (hex, upper case) of the TLS leaf: Service Fabric's IDENTITY_SERVER_THUMBPRINT. */
  leafThumbprint: string;
  /** Environment for a child process to use the fake as its proxy and trust its CA. */
  env: Record<string, string>;
}

/** The operations the control API exposes; the in-process fake has them all and more. */
export interface FakeEntraControl {
  readonly log: RequestLog;
  info(): FakeEntraInfo;
  /** The next `times` requests to `target` (route name, family or `*`) matching `when` fail with `fault`. */
  failNext(target: FaultTarget, fault: Fault, times?: number, when?: Record<string, string>): void;
  clearFaults(): void;
  /** Approve a pending device code as `username` (default: the directory's first user). */
  approveDeviceCode(userCode: string, username?: string): void;
  denyDeviceCode(userCode: string): void;
  /** Revoke one refresh token, or (no argument) every refresh token issued so far, including unknown ones. */
  revokeRefreshTokens(refreshToken?: string): void;
  updateSettings(patch: SettingsPatch): void;
  close(): Promise<void>;
}

export interface FakeEntra extends FakeEntraControl, FakeEntraInfo {
  caPem: string;
  readonly settings: FakeEntraSettings;
  /** JWKS of the token-signing key, for a resource server that verifies the fake's tokens. */
  jwks: { keys: JwtPayload[] };
  /** Environment for the managed-identity protocol `kind` (IMDS needs none beyond `env`: it goes through the proxy). */
  managedIdentityEnv(kind: ManagedIdentityKind): Record<string, string>;
  /** The claims of a token this fake issued, if its signature and expiry check out. */
  verifyAccessToken(token: string): JwtPayload | undefined;
  /** Settles once close() has finished (from a test, a signal or the control API's shutdown). */
  readonly closed: Promise<void>;
  /** Same as `failNext(target, fault, Infinity, when)`. */
  failAlways(target: FaultTarget, fault: Fault, when?: Record<string, string>): void;
}
