export interface Logger {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

/** One JSON line per event, tagged with the request id (Workers Logs index JSON fields). */
export function createLogger(base: Record<string, unknown>): Logger {
  const write = (level: string, msg: string, fields?: Record<string, unknown>) =>
    console.log(JSON.stringify({ level, msg, ...base, ...fields }));
  return {
    info: (m, f) => write("info", m, f),
    warn: (m, f) => write("warn", m, f),
    error: (m, f) => write("error", m, f),
  };
}
