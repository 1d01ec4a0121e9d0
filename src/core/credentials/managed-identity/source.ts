// What a hand-written source provides: the one HTTP request for a token, and where its expiry is read.
import type { Env } from "../../../infra/deps.js";
import type { HttpRequest } from "../../../infra/http-types.js";
import type { ManagedIdentitySelector } from "../managed-identity.js";
import type { ExpiryField } from "./token-response.js";

export interface SourceInput {
  env: Env;
  selector: ManagedIdentitySelector;
  resource: string;
}

export interface HandWrittenSource {
  expiry: ExpiryField;
  request(input: SourceInput): HttpRequest;
}

/** The user-assigned selector, or undefined for the system-assigned identity. */
export function userAssigned(selector: ManagedIdentitySelector): { idType: Exclude<ManagedIdentitySelector["idType"], "MSI">; id: string } | undefined {
  if (selector.idType === "MSI" || !selector.id) return undefined;
  return { idType: selector.idType, id: selector.id };
}
