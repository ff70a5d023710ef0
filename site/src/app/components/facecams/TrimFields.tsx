import { useId, useState } from "react";
import type { Trim } from "../../lib/finish-recording";
import { formatClock } from "../../lib/format";

interface Props {
  /** The recording's length. */
  seconds: number;
  trim: Trim;
  onChange: (trim: Trim) => void;
  disabled?: boolean;
}

/** The shortest facecam worth keeping, as the browser checks for uploads say. */
const MIN_KEPT_SECONDS = 1;

const tenths = (n: number) => String(Math.round(n * 10) / 10);

/**
 * Where the kept part of a recording starts and ends, in seconds. What is typed stays as typed; a value
 * outside the recording, or less than a second apart, is named and not taken.
 */
export function TrimFields({ seconds, trim, onChange, disabled }: Props) {
  const startId = useId();
  const endId = useId();
  const [start, setStart] = useState(tenths(trim.start));
  const [end, setEnd] = useState(tenths(trim.end));
  const typedStart = Number(start);
  const typedEnd = Number(end);
  const problem =
    start.trim() === "" || !Number.isFinite(typedStart) || typedStart < 0
      ? "The start is a number of seconds from 0."
      : end.trim() === "" || !Number.isFinite(typedEnd) || typedEnd > seconds + 0.05
        ? `The end is a number of seconds up to ${tenths(seconds)}.`
        : typedEnd - typedStart < MIN_KEPT_SECONDS
          ? "Keep at least one second between start and end."
          : null;

  function update(nextStart: string, nextEnd: string) {
    setStart(nextStart);
    setEnd(nextEnd);
    const s = Number(nextStart);
    const e = Math.min(Number(nextEnd), seconds);
    if (nextStart.trim() && nextEnd.trim() && s >= 0 && e - s >= MIN_KEPT_SECONDS) {
      onChange({ start: s, end: e });
    }
  }

  return (
    <fieldset className="row wrap trim" disabled={disabled}>
      <legend>Trim</legend>
      <div className="field">
        <label htmlFor={startId}>Start at (seconds)</label>
        <input
          id={startId}
          type="number"
          min={0}
          step={0.1}
          value={start}
          onChange={(e) => update(e.currentTarget.value, end)}
        />
      </div>
      <div className="field">
        <label htmlFor={endId}>End at (seconds)</label>
        <input
          id={endId}
          type="number"
          step={0.1}
          max={tenths(seconds)}
          value={end}
          onChange={(e) => update(start, e.currentTarget.value)}
        />
      </div>
      <span className="hint" aria-live="polite">
        {problem ?? `Keeps ${formatClock(trim.end - trim.start)} of ${formatClock(seconds)}.`}
      </span>
    </fieldset>
  );
}
