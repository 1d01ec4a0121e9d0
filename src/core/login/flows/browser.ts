// Browser sign-in: authorization code with PKCE, answered on a loopback listener that MSAL node runs
// (http://localhost:<free port>). az's WARNING names the authorize endpoint; when the browser cannot be
// opened, MSAL for Python prints the whole sign-in URL so the user (or a test) can open it elsewhere.
import type { Logger } from "../../logger.js";
import type { BrowserLauncher } from "../browser-launcher.js";
import type { MsalSignIn } from "./user-sign-in.js";

const SUCCESS_PAGE = "<html><body><h3>You have logged into Microsoft Azure!</h3><p>You can close this window, or we will redirect you to the Azure CLI documentation in 1 minute.</p></body></html>";
const ERROR_PAGE = "<html><body><h3>Login failed</h3><p>Return to the terminal for details.</p></body></html>";

export function browserSignIn(options: { logger: Logger; launcher: BrowserLauncher; authorizeEndpoint: string }): MsalSignIn {
  const { logger, launcher, authorizeEndpoint } = options;
  return (app, request) =>
    app.acquireTokenInteractive({
      ...request,
      prompt: "select_account",
      successTemplate: SUCCESS_PAGE,
      errorTemplate: ERROR_PAGE,
      openBrowser: async (url) => {
        logger.warning(
          `A web browser has been opened at ${authorizeEndpoint}. Please continue the login in the web browser. ` +
            "If no web browser is available or if the web browser fails to open, use device code flow with `az login --use-device-code`.",
        );
        if (await launcher.open(url)) return;
        logger.warning(
          "Found no browser in current environment. If this program is being run inside a container which has access to host network " +
            "(i.e. started by `docker run --net=host -it ...`), you can use browser on host to visit the following link. " +
            `Otherwise, this auth attempt would either timeout (current timeout setting is None) or be aborted by CTRL+C. Auth URI: ${url}`,
        );
      },
    });
}
