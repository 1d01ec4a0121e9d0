import { execFileSync } from "node:child_process";
import { closeSync, constants, openSync, readSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { fdStream } from "../../../src/infra/fd-stream.js";
import { skipOnWindows } from "../../support/platform.js";
import { tempDir } from "./support.js";

/** A FIFO opened non-blocking at both ends: a writer that fills its 64 KB buffer gets EAGAIN, as a shared non-blocking pipe gives. */
function nonBlockingFifo() {
  const path = join(tempDir(), "fifo");
  execFileSync("mkfifo", [path]);
  const reader = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  const writer = openSync(path, constants.O_WRONLY | constants.O_NONBLOCK);
  return { reader, writer };
}

/** What a Node stream would do with the rest: queue it, counted by writableLength until drained. */
function queueingStream() {
  const queued: Buffer[] = [];
  const stream = {
    writableLength: 0,
    write(chunk: Buffer | string) {
      const bytes = Buffer.from(chunk);
      queued.push(bytes);
      stream.writableLength += bytes.length;
      return false;
    },
    drain() {
      stream.writableLength = 0;
    },
  };
  return { stream, queued };
}

const opened: number[] = [];
afterEach(() => {
  for (const fd of opened.splice(0)) closeSync(fd);
});

describe.skipIf(skipOnWindows("the fd-stream FIFO tests", "mkfifo"))("fdStream", () => {
  it("writes synchronously and is settled at once while the descriptor takes everything", () => {
    const { reader, writer } = nonBlockingFifo();
    opened.push(reader, writer);
    const fallback = queueingStream();
    const out = fdStream(writer, () => fallback.stream as unknown as NodeJS.WriteStream);
    out.write("token\n");
    expect(out.settled).toBe(true);
    const buffer = Buffer.alloc(64);
    expect(buffer.subarray(0, readSync(reader, buffer)).toString()).toBe("token\n");
    expect(fallback.queued).toEqual([]);
  });

  it("hands the rest of a full non-blocking pipe to a Node stream, and is not settled until that stream drains", () => {
    const { reader, writer } = nonBlockingFifo();
    opened.push(reader, writer);
    const fallback = queueingStream();
    const out = fdStream(writer, () => fallback.stream as unknown as NodeJS.WriteStream);
    const text = "x".repeat(1024 * 1024);
    out.write(text);
    out.write("after\n");
    // the part the pipe took plus the queued part is the whole output, in order
    const queued = Buffer.concat(fallback.queued).toString();
    expect(queued.endsWith("after\n")).toBe(true);
    expect(queued.length).toBeLessThan(text.length + "after\n".length);
    expect(out.settled).toBe(false); // bin.ts must not exit the process now: the queued bytes would be lost
    fallback.stream.drain();
    expect(out.settled).toBe(true);
  });
});
