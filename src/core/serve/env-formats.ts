// The forms `serve --print-env` prints, in a module of their own: the command table lists them on every start.
export const ENV_FORMATS = ["sh", "pwsh", "cmd", "dotenv", "docker"] as const;
export type EnvFormat = (typeof ENV_FORMATS)[number];
