import type { RequestContext, RouteFamily, RouteName } from "../context.js";
import type { FakeState } from "../state.js";

/** One endpoint: matched on method and path (named groups become `ctx.params`), then `accepts` if given. */
export interface Route {
  name: RouteName;
  family: RouteFamily;
  method: "GET" | "POST" | "DELETE" | "*";
  path: RegExp;
  /** Further say on whether this route takes the request (e.g. by `api-version`), when paths are shared. */
  accepts?: (ctx: RequestContext) => boolean;
  handle(ctx: RequestContext, state: FakeState): void | Promise<void>;
}
