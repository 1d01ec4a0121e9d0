// Cloud Shell and the old VM extension (MSI_ENDPOINT alone): a form POST with `Metadata: true`
// (docs/compatibility.md#managed-identity). Hand-written because MSAL node's CloudShell source refuses user-assigned
// identities, which az 2.45 passes in the form; latest az reaches Cloud Shell through MSAL Python's broker call, which
// has no node counterpart.
import type { HandWrittenSource } from "./source.js";
import { userAssigned } from "./source.js";

const FORM_FIELD = { MSIClient: "client_id", MSIObject: "object_id", MSIResource: "msi_res_id" } as const;

export const cloudShell: HandWrittenSource = {
  expiry: "expires_in",
  request({ env, selector, resource }) {
    const form = new URLSearchParams({ resource });
    const identity = userAssigned(selector);
    if (identity) form.set(FORM_FIELD[identity.idType], identity.id);
    return {
      method: "POST",
      url: env.MSI_ENDPOINT!,
      headers: { Metadata: "true", "Content-Type": "application/x-www-form-urlencoded" },
      body: form.toString(),
    };
  },
};
