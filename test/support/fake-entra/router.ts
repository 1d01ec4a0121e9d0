// Host-aware dispatch. The host decides which families of routes may answer (login.* → Entra, management.* →
// ARM, 169.254.169.254 → IMDS; loopback and extra hosts → all, by path), then the first matching route runs,
// after the request is logged and any injected fault has had its turn.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { readContext, sendJson, type RequestContext, type RouteFamily, type Transport } from "./context.js";
import { applyFault, describeFault } from "./faults.js";
import { AZURE_DEVOPS_HOST, GITHUB_OIDC_HOST } from "./routes/ci-oidc.js";
import type { Route } from "./routes/route.js";
import type { FakeState } from "./state.js";

export const IMDS_HOST = "169.254.169.254";
const LOOPBACK = new Set(["127.0.0.1", "localhost", "::1"]);
const ALL_BUT_CONTROL: RouteFamily[] = ["authority", "arm", "graph", "mi", "ci"];
const CI_HOSTS = new Set([GITHUB_OIDC_HOST, AZURE_DEVOPS_HOST]);

export class Router {
  constructor(
    private readonly state: FakeState,
    private readonly routes: Route[],
    private readonly extraHosts: Set<string>,
    private readonly onHang: (socket: Socket) => void,
  ) {}

  familiesFor(host: string): RouteFamily[] {
    if (this.state.authorityHosts.has(host)) return ["authority"];
    if (this.state.armHosts.has(host)) return ["arm"];
    if (host === "graph.microsoft.com") return ["graph"];
    if (host === IMDS_HOST) return ["mi"];
    if (CI_HOSTS.has(host)) return ["ci"];
    if (LOOPBACK.has(host)) return [...ALL_BUT_CONTROL, "control"];
    return this.extraHosts.has(host) ? ALL_BUT_CONTROL : [];
  }

  isServedHost = (host: string): boolean => this.familiesFor(host).length > 0;

  private match(ctx: RequestContext): Route | undefined {
    const families = this.familiesFor(ctx.host);
    for (const route of this.routes) {
      if (!families.includes(route.family)) continue;
      if (route.method !== "*" && route.method !== ctx.method) continue;
      const m = route.path.exec(ctx.path);
      if (!m) continue;
      ctx.params = { ...m.groups };
      ctx.route = route.name;
      if (!route.accepts || route.accepts(ctx)) return route;
    }
    ctx.params = {};
    ctx.route = "unknown";
    return undefined;
  }

  async handle(req: IncomingMessage, res: ServerResponse, transport: Transport): Promise<void> {
    const ctx = await readContext(req, res, transport);
    const route = this.match(ctx);
    if (route?.family === "control") {
      await this.run(ctx, route);
      return;
    }
    const entry = this.state.log.start(ctx);
    let faultName: string | undefined;
    res.on("finish", () => this.state.log.finish(entry, res.statusCode, faultName));
    if (!route) {
      const known = this.isServedHost(ctx.host);
      sendJson(ctx, known ? 404 : 502, { error: "not_found", error_description: `fake-entra has no route for ${ctx.method} ${ctx.url}` });
      return;
    }
    const fault = this.state.faults.take(ctx, route.family);
    if (fault) {
      faultName = describeFault(fault);
      // Hung, reset and raw-written requests never 'finish'; log them now.
      if (fault.hang || fault.reset || fault.raw !== undefined) this.state.log.finish(entry, 0, faultName);
      if (await applyFault(ctx, route.family, fault, this.onHang)) return;
    }
    await this.run(ctx, route);
  }

  private async run(ctx: RequestContext, route: Route): Promise<void> {
    try {
      await route.handle(ctx, this.state);
    } catch (error) {
      sendJson(ctx, 500, { error: "fake_entra_bug", error_description: error instanceof Error ? error.stack ?? error.message : String(error) });
    }
  }
}
