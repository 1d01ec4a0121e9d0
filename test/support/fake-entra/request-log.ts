// Every request the fake saw, for assertions; optionally mirrored as JSON lines to a file so a test can read
// what a fake in another process saw.
import { appendFileSync } from "node:fs";
import type { RequestContext, RouteName, Transport } from "./context.js";

export interface LoggedRequest {
  seq: number;
  /** Epoch milliseconds when the request arrived. */
  time: number;
  transport: Transport;
  method: string;
  host: string;
  path: string;
  query: Record<string, string>;
  url: string;
  headers: Record<string, string>;
  body: string;
  form?: Record<string, string>;
  route: RouteName;
  /** Status sent; 0 for a hung or reset connection or while still in flight. */
  status: number;
  /** The injected fault, if one applied (e.g. `status:500`, `hang`, `reset`). */
  fault?: string;
}

export interface ConnectAttempt {
  time: number;
  target: string;
  accepted: boolean;
}

export class RequestLog {
  readonly entries: LoggedRequest[] = [];
  readonly connects: ConnectAttempt[] = [];
  private seq = 0;

  constructor(private readonly file?: string) {}

  start(ctx: RequestContext): LoggedRequest {
    const { transport, method, host, path, query, url, headers, body, form, route } = ctx;
    const entry: LoggedRequest = { seq: ++this.seq, time: Date.now(), transport, method, host, path, query, url, headers, body, route, status: 0 };
    if (form) entry.form = form;
    this.entries.push(entry);
    return entry;
  }

  /** Called once the answer (or the fault) is settled; this is when the file gets its line. */
  finish(entry: LoggedRequest, status: number, fault?: string): void {
    entry.status = status;
    if (fault) entry.fault = fault;
    if (this.file) appendFileSync(this.file, `${JSON.stringify(entry)}\n`);
  }

  connect(target: string, accepted: boolean): void {
    this.connects.push({ time: Date.now(), target, accepted });
  }

  clear(): void {
    this.entries.length = 0;
    this.connects.length = 0;
  }

  byRoute(route: RouteName): LoggedRequest[] {
    return this.entries.filter((e) => e.route === route);
  }

  /** Token endpoint POSTs, optionally only one grant type (e.g. `refresh_token`, `client_credentials`). */
  tokenRequests(grantType?: string): LoggedRequest[] {
    return this.byRoute("token").filter((e) => !grantType || e.form?.grant_type === grantType);
  }

  countTokenRequests(grantType?: string): number {
    return this.tokenRequests(grantType).length;
  }
}
