import { afterAll, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decodeUtf8Strict, MAX_JSON_DEPTH, parseJsonStrict, readTextStrict, UnreadableTextError } from "../../../src/infra/fs/strict-text.js";

const arrays = (depth: number) => `${"[".repeat(depth)}${"]".repeat(depth)}`;
const objects = (depth: number) => `${'{"a":'.repeat(depth - 1)}{}${"}".repeat(depth - 1)}`;
const detail = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(UnreadableTextError);
    return (error as UnreadableTextError).detail;
  }
  throw new Error("expected an UnreadableTextError");
};

describe("parseJsonStrict", () => {
  it.each([
    ["arrays", arrays],
    ["objects", objects],
  ])("accepts %s nested exactly MAX_JSON_DEPTH deep and refuses one level more", (_what, nested) => {
    expect(parseJsonStrict(nested(MAX_JSON_DEPTH))).toBeTypeOf("object");
    expect(detail(() => parseJsonStrict(nested(MAX_JSON_DEPTH + 1)))).toBe(`nested more than ${MAX_JSON_DEPTH} levels deep`);
  });

  it("refuses 100,000 levels without exhausting the stack", () => {
    expect(detail(() => parseJsonStrict(arrays(100_000)))).toBe(`nested more than ${MAX_JSON_DEPTH} levels deep`);
  });

  it("counts depth along each branch, not the number of objects", () => {
    const wide = JSON.stringify({ AccessToken: Object.fromEntries(Array.from({ length: 5_000 }, (_, index) => [`key-${index}`, { secret: "x", n: [1, 2] }])) });
    expect(parseJsonStrict(wide)).toHaveProperty("AccessToken.key-4999.secret", "x");
  });

  it("brackets inside strings are text, not nesting", () => {
    expect(parseJsonStrict(JSON.stringify({ text: "[".repeat(10_000) }))).toEqual({ text: "[".repeat(10_000) });
  });

  it("reports a syntax error as invalid JSON", () => {
    expect(detail(() => parseJsonStrict('{"subscriptions": ['))).toMatch(/^invalid JSON: /);
  });
});

describe("decodeUtf8Strict", () => {
  it("keeps a BOM and refuses bytes that are not UTF-8", () => {
    expect(decodeUtf8Strict(Buffer.from("\uFEFF{}"))).toBe("\uFEFF{}");
    expect(detail(() => decodeUtf8Strict(Buffer.from([0x7b, 0xff, 0x7d])))).toBe("invalid UTF-8");
  });

  it("refuses exactly what a fatal TextDecoder refuses (surrogates, overlong forms, cut sequences), and reads a view", () => {
    const oracle = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
    const samples = [[0xed, 0xa0, 0x80], [0xc0, 0xaf], [0xe2, 0x82], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82, 0xac], [0xf0, 0x9f, 0x94, 0x91], [0x41, 0xc3, 0xa9]];
    for (const sample of samples) {
      const bytes = Uint8Array.from(sample);
      let expected: string;
      try {
        expected = oracle.decode(bytes);
      } catch {
        expected = "invalid UTF-8";
      }
      let actual: string;
      try {
        actual = decodeUtf8Strict(bytes);
      } catch {
        actual = detail(() => decodeUtf8Strict(bytes));
      }
      expect(actual, sample.join(" ")).toBe(expected);
    }
    expect(decodeUtf8Strict(Buffer.from("xx{}yy").subarray(2, 4))).toBe("{}");
  });
});

describe("readTextStrict", () => {
  const dir = mkdtempSync(join(tmpdir(), "aztoken-strict-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, bytes: Uint8Array | string) => {
    const path = join(dir, name);
    writeFileSync(path, bytes);
    return path;
  };

  it("reads UTF-8 text as it is, a BOM and a real U+FFFD included", () => {
    expect(readTextStrict(file("plain.json", '{"a":"é€🔑"}'))).toBe('{"a":"é€🔑"}');
    expect(readTextStrict(file("bom.json", "\uFEFF{}"))).toBe("\uFEFF{}");
    expect(readTextStrict(file("replacement.json", '{"a":"\uFFFD"}'))).toBe('{"a":"\uFFFD"}');
  });

  it("refuses bytes that are not UTF-8 (which a plain read would turn into U+FFFD)", () => {
    for (const bytes of [[0x7b, 0xff, 0x7d], [0x22, 0xed, 0xa0, 0x80, 0x22], [0xe2, 0x82]]) {
      expect(detail(() => readTextStrict(file("bad.json", Uint8Array.from(bytes))))).toBe("invalid UTF-8");
    }
  });

  it("a missing file is undefined; one it cannot read is an UnreadableTextError", () => {
    expect(readTextStrict(join(dir, "missing.json"))).toBeUndefined();
    expect(() => readTextStrict(dir)).toThrow(UnreadableTextError);
  });
});
