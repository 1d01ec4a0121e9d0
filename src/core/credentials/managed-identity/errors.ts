// az's managed-identity failures (docs/compatibility.md#managed-identity). The first line is contract; details stay on
// one line and never carry a URL (query strings may hold ids), a header value or a stack trace.
import { STATUS_CODES } from "node:http";
import { AzError, NetworkError } from "../../errors.js";

const CONNECT = "Failed to connect to MSI. Please make sure MSI is configured correctly";

/** A failure that is neither a connection failure nor an HTTP error status (bad body, MSAL refusal...). */
export class MsiDetailError extends Error {
  override name = "MsiDetailError";
}

export function connectionError(detail: string): AzError {
  return new AzError(`${CONNECT} and check the network connection.\nError detail: ${oneLine(detail)}`);
}

/** `reason` is the HTTP reason phrase, as Python requests reports it. */
export function httpStatusError(status: number): AzError {
  return new AzError(`${CONNECT}.\nGet Token request returned http error: ${status}, reason: ${STATUS_CODES[status] ?? ""}`);
}

export function detailError(detail: string): AzError {
  return new AzError(`${CONNECT}.\nError detail: ${oneLine(detail)}`);
}

/** Maps whatever a source threw to az's message; AzErrors made here pass through. */
export function toMsiError(error: unknown): AzError {
  if (error instanceof NetworkError) return connectionError(error.message);
  if (error instanceof AzError) return error;
  if (error instanceof Error) return detailError(error.message);
  return detailError(String(error));
}

function oneLine(text: string): string {
  return text.split(/\r?\n/, 1)[0]!.trim();
}
