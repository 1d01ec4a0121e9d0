// The control API, for tests whose fake runs in another process: `http://127.0.0.1:<httpPort>/__control/...`.
//   GET  state | log[?route=] | connects        DELETE log
//   POST fail {target, fault, times?, when?}    (times -1 or null = until cleared)
//   POST clear-faults | approve {userCode, username?} | deny {userCode} | revoke {refreshToken?}
//   POST settings {…partial settings}           POST shutdown
import { sendJson, type RequestContext, type RouteName } from "../context.js";
import type { Fault, FaultTarget } from "../faults.js";
import type { FakeEntraControl } from "../types.js";
import type { Route } from "./route.js";

type Handler = (body: Record<string, unknown>, ctx: RequestContext) => unknown;

function parseBody(ctx: RequestContext): Record<string, unknown> {
  if (!ctx.body) return {};
  const parsed: unknown = JSON.parse(ctx.body);
  return parsed && typeof parsed === "object" ? (parsed as Record<string, unknown>) : {};
}

export function controlRoutes(fake: FakeEntraControl): Route[] {
  const str = (v: unknown) => (typeof v === "string" ? v : undefined);
  const actions: Record<string, Handler> = {
    "GET state": () => fake.info(),
    "GET log": (_b, ctx) => (ctx.query.route ? fake.log.byRoute(ctx.query.route as RouteName) : fake.log.entries),
    "GET connects": () => fake.log.connects,
    "DELETE log": () => fake.log.clear(),
    "POST fail": (b) => {
      const times = b.times === undefined ? 1 : b.times === null || b.times === -1 ? Infinity : Number(b.times);
      fake.failNext(b.target as FaultTarget, (b.fault ?? {}) as Fault, times, b.when as Record<string, string> | undefined);
    },
    "POST clear-faults": () => fake.clearFaults(),
    "POST approve": (b) => fake.approveDeviceCode(str(b.userCode) ?? "", str(b.username)),
    "POST deny": (b) => fake.denyDeviceCode(str(b.userCode) ?? ""),
    "POST revoke": (b) => fake.revokeRefreshTokens(str(b.refreshToken)),
    "POST settings": (b) => fake.updateSettings(b),
    "POST shutdown": () => {
      setImmediate(() => void fake.close());
    },
  };

  async function handle(ctx: RequestContext): Promise<void> {
    const action = actions[`${ctx.method} ${ctx.params.action}`];
    if (!action) return sendJson(ctx, 404, { error: `no control action ${ctx.method} ${ctx.params.action}` });
    try {
      sendJson(ctx, 200, { ok: true, result: (await action(parseBody(ctx), ctx)) ?? null });
    } catch (error) {
      sendJson(ctx, 400, { ok: false, error: error instanceof Error ? error.message : String(error) });
    }
  }

  return [{ name: "control", family: "control", method: "*", path: /^\/__control\/(?<action>[\w-]+)$/, handle }];
}
