/** "3 min", "45 s": an ETA or a duration in the largest unit that reads well. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** "5 min ago", or "never" for null. */
export function formatAgo(iso: string | null, now = Date.now()): string {
  if (!iso) return "never";
  const ms = now - new Date(iso).getTime();
  if (ms < 5000) return "just now";
  return `${formatDuration(ms)} ago`;
}

export const formatDate = (iso: string) => new Date(iso).toLocaleString();

export const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** Render minutes as billed: "12.5 min". */
export function formatMinutes(seconds: number): string {
  // Under a minute in seconds: "0 min" would read as nothing used.
  if (seconds > 0 && seconds < 60) return `${Math.round(seconds)} s`;
  return `${Math.round((seconds / 60) * 10) / 10} min`;
}

/** A clip's length or position as a player shows it: "0:04.2", "1:30.0". */
export function formatClock(seconds: number): string {
  const whole = Math.max(0, seconds);
  const m = Math.floor(whole / 60);
  return `${m}:${(whole - m * 60).toFixed(1).padStart(4, "0")}`;
}
