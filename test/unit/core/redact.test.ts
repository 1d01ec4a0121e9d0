import { describe, expect, it } from "vitest";
import { redact, redactArgv, REDACTED } from "../../../src/core/redact.js";

describe("redactArgv", () => {
  it("masks the values it is told about, whole or as the tail of an argument, and redacts the rest", () => {
    const argv = ["login", "--pass", "s3cret", "-ps3cret", "--query", "eyJhbGciOi.eyJzdWIi.sig", "--pa=s3cret"];
    const secrets = [
      { index: 2, valueLength: 6 },
      { index: 3, valueLength: 6 },
      { index: 6, valueLength: 6 },
    ];
    expect(redactArgv(argv, secrets)).toEqual(["login", "--pass", REDACTED, `-p${REDACTED}`, "--query", REDACTED, `--pa=${REDACTED}`]);
  });
});

describe("redact", () => {
  it("masks form fields, JSON members, JWTs and bearer headers", () => {
    const text = 'refresh_token=rt-1&client_secret=abc {"access_token": "tok"} eyJhbGciOi.eyJzdWIi.sig Authorization: Bearer xyz';
    const out = redact(text);
    for (const secret of ["rt-1", "abc", '"tok"', "eyJhbGciOi", "xyz"]) expect(out).not.toContain(secret);
  });
});
