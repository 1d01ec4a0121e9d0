// App Service / Functions 2017-09-01 protocol (MSI_ENDPOINT + MSI_SECRET), which Azure Machine Learning also
// speaks. Hand-written because MSAL node's MachineLearning source cannot read App Service's date-string
// `expires_on` ("MM/DD/YYYY HH:MM:SS +00:00" becomes a NaN expiry). The URL keeps az 2.45's shape (golden
// `appservice_token`).
import type { HandWrittenSource } from "./source.js";
import { userAssigned } from "./source.js";
import { MsiDetailError } from "./errors.js";

export const appServiceLegacy: HandWrittenSource = {
  expiry: "expires_on",
  request({ env, selector, resource }) {
    const identity = userAssigned(selector);
    if (identity && identity.idType !== "MSIClient") {
      throw new MsiDetailError("only a client id can select a user-assigned identity with MSI_ENDPOINT and MSI_SECRET (App Service 2017-09-01)");
    }
    // Machine Learning names its system-assigned identity in DEFAULT_IDENTITY_CLIENT_ID (as MSAL sends it).
    const clientId = identity?.id ?? env.DEFAULT_IDENTITY_CLIENT_ID;
    const endpoint = env.MSI_ENDPOINT!.replace(/\/+$/, "");
    const query = `resource=${queryValue(resource)}&api-version=2017-09-01${clientId ? `&clientid=${queryValue(clientId)}` : ""}`;
    return { method: "GET", url: `${endpoint}/?${query}`, headers: { secret: env.MSI_SECRET!, Metadata: "true" } };
  },
};

/** Percent-encodes a query value but keeps ':' and '/' readable, as az 2.45's string formatting did. */
function queryValue(value: string): string {
  return encodeURIComponent(value).replace(/%3A/gi, ":").replace(/%2F/gi, "/");
}
