// Programmable failures: "the next N requests to route X fail like this". Checked before a route runs.
import type { Socket } from "node:net";
import { aadError, defaultCodeFor } from "./aadsts.js";
import { matchFields, send, sendJson, type RequestContext, type RouteFamily, type RouteName } from "./context.js";

export interface Fault {
  /** Answer with this status and an error body shaped for the route (Entra, ARM or managed-identity JSON). */
  status?: number;
  /** OAuth / ARM error code, e.g. `invalid_grant`, `AuthorizationFailed`. */
  error?: string;
  /** AADSTS number for Entra routes; defaults from `error` (invalid_grant → 700082). */
  aadsts?: number;
  /** Replaces the error text (after `AADSTS<n>: ` on Entra routes). */
  description?: string;
  /** Retry-After header in seconds (429 gets 1 unless given). */
  retryAfter?: number;
  /** Raw body: a string is sent as is, anything else as JSON. */
  body?: unknown;
  /** Answer with an HTML page instead of JSON (status defaults to 200). */
  nonJson?: boolean;
  /** Accept the request and never answer (the socket is destroyed when the fake closes). */
  hang?: boolean;
  /** Tear the connection down without an answer. */
  reset?: boolean;
  /** Write these bytes (latin1) on the connection instead of an HTTP answer, then close it: broken or hostile HTTP. */
  raw?: string;
  /** Wait this long first; without `status`/`nonJson` the normal answer follows. */
  delayMs?: number;
}

/** A route name, a family (`authority`, `arm`, `mi`, …) or `*` for every route. */
export type FaultTarget = RouteName | RouteFamily | "*";

export interface FaultRule {
  target: FaultTarget;
  fault: Fault;
  /** How many more requests this rule fails; Infinity = until cleared. */
  remaining: number;
  /** Only requests whose query/form/route params equal these (e.g. `{ grant_type: "refresh_token" }`). */
  when?: Record<string, string>;
}

export class FaultRegistry {
  readonly rules: FaultRule[] = [];

  add(target: FaultTarget, fault: Fault, times = 1, when?: Record<string, string>): void {
    this.rules.push({ target, fault, remaining: times, ...(when ? { when } : {}) });
  }

  clear(): void {
    this.rules.length = 0;
  }

  /** The fault for this request, consuming one use of the first matching rule. */
  take(ctx: RequestContext, family: RouteFamily): Fault | undefined {
    const fields = matchFields(ctx);
    const rule = this.rules.find(
      (r) =>
        r.remaining > 0 &&
        (r.target === "*" || r.target === ctx.route || r.target === family) &&
        Object.entries(r.when ?? {}).every(([k, v]) => fields[k] === v),
    );
    if (!rule) return undefined;
    rule.remaining -= 1;
    if (rule.remaining <= 0) this.rules.splice(this.rules.indexOf(rule), 1);
    return rule.fault;
  }
}

export function describeFault(fault: Fault): string {
  if (fault.hang) return "hang";
  if (fault.reset) return "reset";
  if (fault.raw !== undefined) return "raw";
  if (fault.nonJson) return "non-json";
  if (fault.status) return `status:${fault.status}`;
  return `delay:${fault.delayMs ?? 0}`;
}

/**
 * Plays a fault. Returns true when the fault answered (or swallowed) the request, false when the normal handler
 * should still run (a pure delay).
 */
export async function applyFault(ctx: RequestContext, family: RouteFamily, fault: Fault, onHang: (socket: Socket) => void): Promise<boolean> {
  if (fault.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
  if (fault.hang) {
    onHang(ctx.req.socket);
    return true;
  }
  if (fault.reset) {
    resetSocket(ctx.req.socket);
    return true;
  }
  if (fault.raw !== undefined) {
    ctx.req.socket.end(Buffer.from(fault.raw, "latin1"));
    return true;
  }
  const headers: Record<string, string> = {};
  if (fault.retryAfter !== undefined || fault.status === 429) headers["Retry-After"] = String(fault.retryAfter ?? 1);
  if (fault.nonJson) {
    send(ctx, fault.status ?? 200, "<html><body>fake-entra: this is not JSON</body></html>", { ...headers, "Content-Type": "text/html" });
    return true;
  }
  if (!fault.status) return false;
  if (typeof fault.body === "string") send(ctx, fault.status, fault.body, headers);
  else sendJson(ctx, fault.status, fault.body ?? errorBody(family, fault), headers);
  return true;
}

function errorBody(family: RouteFamily, fault: Fault): unknown {
  const status = fault.status ?? 500;
  if (family === "authority") {
    const error = fault.error ?? (status >= 500 || status === 429 ? "temporarily_unavailable" : undefined);
    const code = fault.aadsts ?? (error === "temporarily_unavailable" ? 50000 : defaultCodeFor(error));
    return aadError(code, {
      ...(error ? { error } : {}),
      ...(fault.description ? { description: fault.description } : {}),
    });
  }
  const message = fault.description ?? `fake-entra injected HTTP ${status}`;
  if (family === "arm" || family === "graph") return { error: { code: fault.error ?? `Http${status}`, message } };
  return { error: fault.error ?? (status >= 500 ? "server_error" : "invalid_request"), error_description: message };
}

/** An RST when the platform allows it (plain TCP), else a plain close. */
function resetSocket(socket: Socket): void {
  const raw = (socket as Socket & { _parent?: Socket })._parent ?? socket;
  try {
    raw.resetAndDestroy();
  } catch {
    raw.destroy();
  }
  socket.destroy();
}
