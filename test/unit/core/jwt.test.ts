import { describe, expect, it } from "vitest";
import { decodeBase64UrlJson, jwtClaims } from "../../../src/core/jwt.js";

const b64url = (text: string) => Buffer.from(text).toString("base64url");

describe("decodeBase64UrlJson / jwtClaims", () => {
  it("reads client_info and a JWT payload, with or without padding, including - and _", () => {
    expect(decodeBase64UrlJson(b64url('{"uid":"u","utid":"t"}'))).toEqual({ uid: "u", utid: "t" });
    expect(decodeBase64UrlJson(Buffer.from('{"a":1}').toString("base64"))).toEqual({ a: 1 });
    const payload = { tid: "t", name: "Zoë ??>>" };
    expect(b64url(JSON.stringify(payload))).toMatch(/[-_]/);
    expect(jwtClaims(`eyJhbGciOiJub25lIn0.${b64url(JSON.stringify(payload))}.sig`)).toEqual(payload);
  });

  it("gives undefined for anything that is not a JSON object", () => {
    for (const text of [undefined, "", b64url("[1]"), b64url("null"), b64url("42"), b64url("{bad"), "%%%"]) {
      expect(decodeBase64UrlJson(text)).toBeUndefined();
    }
    expect(jwtClaims("opaque-token")).toBeUndefined();
    expect(jwtClaims(undefined)).toBeUndefined();
  });
});
