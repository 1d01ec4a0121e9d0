// A federated token kept in a file by something else (Kubernetes projects the service account token and rotates
// it; any CI can write one): re-read at each token request, as @azure/identity's WorkloadIdentityCredential does.
import { readFile } from "node:fs/promises";
import { FederatedTokenError } from "./provider.js";

export async function readTokenFile(path: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "no such file" : code === "EACCES" ? "permission denied" : code === "EISDIR" ? "it is a directory" : (code ?? "unreadable");
    throw new FederatedTokenError(
      `Cannot read the federated token file ${path} (${why}); check --federated-token-file (or AZURE_FEDERATED_TOKEN_FILE) and that the token volume is mounted.`,
    );
  }
  const token = text.trim();
  if (!token) throw new FederatedTokenError(`The federated token file ${path} is empty; check what writes it (the projected service account token volume).`);
  return token;
}
