// The command lines the Go, .NET and Java Azure SDKs give `/bin/sh -c` for AzureCliCredential, and how each
// reads the output (docs/compatibility.md#what-callers-rely-on; azure-sdk-for-go azidentity, azure-sdk-for-net Azure.Identity,
// azure-sdk-for-java azure-identity). Only the parts that touch az are modelled.
import { expect } from "vitest";

export interface CliRequest {
  resource: string;
  tenant?: string;
  subscription?: string;
}

export interface ParsedToken {
  token: string;
  /** Epoch seconds, from `expires_on`. */
  expiresOn: number;
}

export interface ShellCaller {
  name: string;
  command(request: CliRequest): string;
  /** Java's ProcessBuilder.redirectErrorStream(true): what it parses is stdout and stderr together. */
  mergesStderr: boolean;
  /** Reads the output as the SDK does; throws where the SDK would. */
  parse(output: string): ParsedToken;
}

/** `[--tenant T] [--subscription "S"]`: the subscription in double quotes, since names may contain spaces. */
function optionalArgs({ tenant, subscription }: CliRequest): string {
  return (tenant ? ` --tenant ${tenant}` : "") + (subscription ? ` --subscription "${subscription}"` : "");
}

/** Go's int64 and .NET's GetInt64 reject a JSON string or a fraction. */
function integerField(json: Record<string, unknown>, key: string): number {
  const value = json[key];
  if (typeof value !== "number" || !Number.isInteger(value)) throw new Error(`${key} is not a JSON integer: ${JSON.stringify(value)}`);
  return value;
}

function stringField(json: Record<string, unknown>, key: string): string {
  const value = json[key];
  if (typeof value !== "string" || value === "") throw new Error(`${key} is not a non-empty string: ${JSON.stringify(value)}`);
  return value;
}

/** `strings` must be present; `optionalStrings` may be absent (az omits `subscription` with --tenant). */
function readToken(output: string, strings: readonly string[] = [], optionalStrings: readonly string[] = []): ParsedToken {
  const json = JSON.parse(output) as Record<string, unknown>;
  for (const key of strings) stringField(json, key);
  for (const key of optionalStrings) if (json[key] !== undefined) stringField(json, key);
  return { token: stringField(json, "accessToken"), expiresOn: integerField(json, "expires_on") };
}

export const SHELL_CALLERS: readonly ShellCaller[] = [
  {
    name: "Go azidentity",
    command: (request) => `az account get-access-token -o json --resource ${request.resource}${optionalArgs(request)}`,
    mergesStderr: false,
    parse: (output) => readToken(output),
  },
  {
    name: ".NET Azure.Identity",
    command: (request) => `az account get-access-token --output json --resource ${request.resource}${optionalArgs(request)}`,
    mergesStderr: false,
    parse: (output) => readToken(output),
  },
  {
    name: "Java azure-identity",
    command: (request) => `az account get-access-token --output json --resource ${request.resource}${optionalArgs(request)}`,
    mergesStderr: true,
    parse: (output) => readToken(output, ["tokenType", "tenant"], ["subscription"]),
  },
];

/** `expires_on` as local wall-clock time in `timeZone`, in az's `expiresOn` format (`YYYY-MM-DD HH:MM:SS.ffffff`). */
export function localTimeText(epochSeconds: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(new Date(epochSeconds * 1000));
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)!.value;
  return `${part("year")}-${part("month")}-${part("day")} ${part("hour")}:${part("minute")}:${part("second")}.000000`;
}

/** The fallback every SDK has for an older az: `expiresOn` read as local time must name the same instant. */
export function expectLocalExpiresOn(output: string, timeZone: string): void {
  const json = JSON.parse(output) as { expiresOn: string; expires_on: number };
  expect(json.expiresOn).toBe(localTimeText(json.expires_on, timeZone));
}
