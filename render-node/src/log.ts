import type { LogFields, Logger } from "./core/types";

export type { LogFields, Logger };

type Level = "info" | "warn" | "error";

export function createJsonLogger(
  write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
  base: LogFields = {},
): Logger {
  const emit = (level: Level, msg: string, fields?: LogFields) => {
    write(JSON.stringify({ time: new Date().toISOString(), level, msg, ...base, ...fields }, errorReplacer));
  };
  return {
    info: (msg, fields) => emit("info", msg, fields),
    warn: (msg, fields) => emit("warn", msg, fields),
    error: (msg, fields) => emit("error", msg, fields),
    child: (fields) => createJsonLogger(write, { ...base, ...fields }),
  };
}

export const silentLogger: Logger = {
  info() {},
  warn() {},
  error() {},
  child: () => silentLogger,
};

function errorReplacer(_key: string, value: unknown): unknown {
  if (value instanceof Error) return { name: value.name, message: value.message };
  return value;
}

/** Short human lines for the CLI: `12:00:01 capture stage done ms=2310`. */
export function createTextLogger(
  write: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
  base: LogFields = {},
): Logger {
  const emit = (level: Level, msg: string, fields?: LogFields) => {
    const all = { ...base, ...fields };
    const stage = typeof all.stage === "string" ? `${all.stage} ` : "";
    delete all.stage;
    const extras = Object.entries(all)
      .map(
        ([k, v]) => `${k}=${v instanceof Error ? v.message : typeof v === "string" ? v : JSON.stringify(v)}`,
      )
      .join(" ");
    const time = new Date().toISOString().slice(11, 19);
    write(
      `${time} ${level === "info" ? "" : `${level.toUpperCase()} `}${stage}${msg}${extras ? ` ${extras}` : ""}`,
    );
  };
  return {
    info: (msg, fields) => emit("info", msg, fields),
    warn: (msg, fields) => emit("warn", msg, fields),
    error: (msg, fields) => emit("error", msg, fields),
    child: (fields) => createTextLogger(write, { ...base, ...fields }),
  };
}
