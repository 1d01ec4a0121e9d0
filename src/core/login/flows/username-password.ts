// Username and password (ROPC). Deprecated by Microsoft (no MFA); latest az warns before it gets here.
import type { MsalSignIn } from "./user-sign-in.js";

export function usernamePasswordSignIn(username: string, password: string): MsalSignIn {
  return (app, request) => app.acquireTokenByUsernamePassword({ ...request, username, password });
}
