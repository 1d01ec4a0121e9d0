// knack's prompt_pass('Password: '): the typed characters are not echoed. Only used when stdin is a terminal.
import { createInterface } from "node:readline";
import { Writable } from "node:stream";

export function promptPassword(question: string): Promise<string> {
  let muted = false;
  const output = new Writable({
    write(chunk, _encoding, done) {
      if (!muted) process.stderr.write(chunk);
      done();
    },
  });
  const rl = createInterface({ input: process.stdin, output, terminal: true });
  return new Promise((resolvePromise, reject) => {
    rl.question(question, (answer) => {
      rl.close();
      process.stderr.write("\n");
      resolvePromise(answer);
    });
    muted = true;
    rl.on("SIGINT", () => {
      rl.close();
      reject(new Error("Password prompt cancelled"));
    });
  });
}
