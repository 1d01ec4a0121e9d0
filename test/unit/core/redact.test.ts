import { describe, expect, it } from "vitest";
import { redact, redactArgv, REDACTED } from "../../../src/core/redact.js";

describe("redactArgv", () => {
  it.each([
    [["login", "--password", "s3cret"], ["login", "--password", REDACTED]],
    [["login", "--password=s3cret"], ["login", `--password=${REDACTED}`]],
    [["login", "--pass", "s3cret"], ["login", "--pass", REDACTED]],
    [["login", "-p", "s3cret", "-u", "me"], ["login", "-p", REDACTED, "-u", "me"]],
    [["login", "-ps3cret"], ["login", `-p${REDACTED}`]],
    [["login", "-p=s3cret"], ["login", `-p${REDACTED}`]],
    [["login", "--federated-token", "eyJabc.def.ghi"], ["login", "--federated-token", REDACTED]],
    [["get-token", "--query", "accessToken", "-o", "tsv"], ["get-token", "--query", "accessToken", "-o", "tsv"]],
  ])("%j -> %j", (argv, expected) => {
    expect(redactArgv(argv)).toEqual(expected);
    expect(redactArgv(argv).join(" ")).not.toContain("s3cret");
  });
});

describe("redact", () => {
  it("masks form fields, JSON members, JWTs and bearer headers", () => {
    const text = 'refresh_token=rt-1&client_secret=abc {"access_token": "tok"} eyJhbGciOi.eyJzdWIi.sig Authorization: Bearer xyz';
    const out = redact(text);
    for (const secret of ["rt-1", "abc", '"tok"', "eyJhbGciOi", "xyz"]) expect(out).not.toContain(secret);
  });
});
