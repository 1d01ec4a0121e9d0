// IP-address tests without Node's IPv6 regular expression for text that cannot be an address. Node's net.isIP
// tries a host name against that expression, which costs ~10 ms the first time in a process and 2-3 ms each time
// after (measured on Node 20-24), and tls.connect and tls.checkServerIdentity call it for every connection: a
// fifth of a token refresh. An address has a ':' (IPv6) or only digits and dots (IPv4); anything else is not one.
import { builtinModule } from "../builtin.js";

const net = builtinModule("node:net");
const nodeIsIP = net.isIP;

/** net.isIP, answering 0 at once for text that cannot be an IP address. */
export function isIP(input: string): number {
  return typeof input === "string" && !input.includes(":") && !/^[0-9.]+$/.test(input) ? 0 : nodeIsIP(input);
}

let installed = false;

/**
 * Makes node:net's own isIP take the same shortcut, for the calls Node's TLS makes (they look it up on the module
 * each time). Same answers for every input; done once, before the first TLS connection of a process.
 */
export function installFastIsIP(): void {
  if (installed) return;
  installed = true;
  net.isIP = isIP;
}
