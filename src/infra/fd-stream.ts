// stdout/stderr without process.stdout/process.stderr when they are pipes or files, as they are for every
// caller of `az account get-access-token`: creating those streams loads node:net, the stream stack and
// node:tty, about 10 ms of a cache hit. Terminals keep Node's stream (Windows console, colour escapes).
import { fstatSync, writeSync } from "node:fs";
import { builtinModule } from "./builtin.js";
import type { OutputStream } from "./deps.js";

/** isatty(fd), loading node:tty only for character devices: pipes and files do not need it. */
export function isTerminal(fd: number): boolean {
  try {
    if (!fstatSync(fd).isCharacterDevice()) return false;
  } catch {
    return false;
  }
  return builtinModule("node:tty").isatty(fd);
}

/** An OutputStream that can tell whether all it was given has reached its file descriptor. */
export interface FdStream extends OutputStream {
  /** True when nothing is queued in a Node stream (everything was written synchronously, or has drained). */
  readonly settled: boolean;
}

/** Writes synchronously to `fd` (as Node's own stdout does for files and, on Linux, pipes). */
export function fdStream(fd: number, nodeStream: () => NodeJS.WriteStream): FdStream {
  let stream: NodeJS.WriteStream | undefined;
  let terminal: boolean | undefined;
  const isTTY = () => (terminal ??= isTerminal(fd));
  return {
    write(text) {
      if (stream || isTTY()) return void (stream ??= nodeStream()).write(text);
      const bytes = Buffer.from(text, "utf8");
      for (let offset = 0; offset < bytes.length; ) {
        try {
          offset += writeSync(fd, bytes, offset);
        } catch (error) {
          // A full non-blocking pipe: Node's stream queues the rest, and every later write keeps the order.
          if ((error as NodeJS.ErrnoException).code !== "EAGAIN") throw error;
          (stream = nodeStream()).write(bytes.subarray(offset));
          return;
        }
      }
    },
    get isTTY() {
      return isTTY();
    },
    get settled() {
      return stream === undefined || stream.writableLength === 0;
    },
  };
}
