// Device code sign-in: Entra's instructions go to stderr as they are (az 2.45 prints them without a WARNING:
// prefix, and even with --only-show-errors: the user cannot sign in without them); MSAL polls at the server's
// interval, honouring authorization_pending and slow_down.
import type { LoginContext } from "../login-context.js";
import type { MsalSignIn } from "./user-sign-in.js";

export function deviceCodeSignIn(context: LoginContext): MsalSignIn {
  return (app, request) =>
    app.acquireTokenByDeviceCode({
      ...request,
      deviceCodeCallback: (answer) => context.deps.io.stderr.write(`${answer.message}\n`),
    });
}
