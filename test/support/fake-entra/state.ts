// Everything the routes share: configuration (mutable at run time, also through the control API), the directory,
// the request log, fault rules, and the server-side memory of issued refresh tokens, device codes and auth codes.
import type { KeyObject } from "node:crypto";
import { Directory, defaultDirectory, type FakeDirectory, type FakeUser } from "./directory.js";
import { FaultRegistry } from "./faults.js";
import type { RequestLog } from "./request-log.js";

export interface DeviceCodeSettings {
  /** Polls answered `authorization_pending` before auto-approval; 0 = the first poll succeeds; null = only `approveDeviceCode`. */
  approveAfterPolls: number | null;
  /** The first N polls answer `slow_down`. */
  slowDownPolls: number;
  expiresIn: number;
  interval: number;
  /**
   * Which `scope` the poll's token carries: `poll` = the poll request's own (empty, as the fake behind the golden
   * captures did, so MSAL then refreshes for the ARM scope), `devicecode` = the device-code request's (real Entra).
   */
  scopeFrom: "poll" | "devicecode";
}

export interface FakeEntraSettings {
  directory: FakeDirectory;
  /** `expires_in` of access tokens from the token endpoint (golden: 3599). */
  tokenLifetimeSeconds: number;
  deviceCode: DeviceCodeSettings;
  /** `auto`: the authorize endpoint redirects straight back with a code; `deny`: with `error=access_denied`. */
  authorize: "auto" | "deny";
  /** App Service 2017-09-01 `expires_on` as `MM/DD/YYYY HH:MM:SS +00:00` (golden `FAKE_APPSVC_DATE`). */
  appServiceDateExpiresOn: boolean;
  /** Every `/subscriptions` list is empty (golden `FAKE_NO_SUBS`). */
  noSubscriptions: boolean;
  /** Items per ARM list page; 0 = one page, no `nextLink`. */
  armPageSize: number;
  /** Refuse client ids not in the directory (AADSTS700016); default any unknown client gets tokens. */
  strictClients: boolean;
  /** Accept refresh tokens the fake did not issue (fixtures hold `fake-rt`), as the default user. */
  acceptUnknownRefreshTokens: boolean;
  /** The secret managed-identity endpoints expect in `X-IDENTITY-HEADER` / `secret` (IDENTITY_HEADER, MSI_SECRET); golden: s3cr3t. */
  miSecret: string;
  /** `expires_in` of managed-identity tokens (golden: 86399). */
  miTokenLifetimeSeconds: number;
}

export function defaultSettings(): FakeEntraSettings {
  return {
    directory: defaultDirectory(),
    tokenLifetimeSeconds: 3599,
    deviceCode: { approveAfterPolls: 0, slowDownPolls: 0, expiresIn: 900, interval: 1, scopeFrom: "poll" },
    authorize: "auto",
    appServiceDateExpiresOn: false,
    noSubscriptions: false,
    armPageSize: 0,
    strictClients: false,
    acceptUnknownRefreshTokens: true,
    miSecret: "s3cr3t",
    miTokenLifetimeSeconds: 86399,
  };
}

export interface DeviceCodeGrant {
  deviceCode: string;
  userCode: string;
  clientId: string;
  tenant: string;
  scope: string;
  expiresAt: number;
  polls: number;
  /** Set by approval: who signed in. */
  approvedBy?: FakeUser;
  denied?: boolean;
  redeemed?: boolean;
}

export interface AuthCodeGrant {
  code: string;
  clientId: string;
  tenant: string;
  redirectUri: string;
  scope: string;
  codeChallenge?: string;
  codeChallengeMethod?: string;
  user: FakeUser;
  redeemed?: boolean;
}

export interface RefreshTokenRecord {
  username: string;
  revoked?: boolean;
}

export class FakeState {
  readonly directory: Directory;
  readonly faults = new FaultRegistry();
  /** Increases with every token issued: the `n` claim and the `fake-rt-<n>` suffix. */
  counter = 0;
  readonly refreshTokens = new Map<string, RefreshTokenRecord>();
  /** When set, every refresh token issued before this counter value is refused (AADSTS700082). */
  refreshTokensValidFrom = 0;
  readonly deviceCodes = new Map<string, DeviceCodeGrant>();
  readonly authCodes = new Map<string, AuthCodeGrant>();
  readonly authorityHosts: Set<string>;
  readonly armHosts: Set<string>;

  constructor(
    readonly settings: FakeEntraSettings,
    readonly log: RequestLog,
    readonly signingKey: KeyObject,
    readonly kid: string,
    hosts: { authority: string[]; arm: string[] },
    /** Azure Arc: the key file named in the 401 challenge, and its content. */
    readonly arc: { keyPath: string; key: string },
  ) {
    this.directory = new Directory(settings.directory);
    this.authorityHosts = new Set(hosts.authority);
    this.armHosts = new Set(hosts.arm);
  }

  nextCounter(): number {
    this.counter += 1;
    return this.counter;
  }
}
