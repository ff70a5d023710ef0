import type { Logger, RenderReport, StageName } from "./types";

/** What every stage gets besides its input: the render's cancel signal, its log, report and progress. */
export interface StageContext {
  signal: AbortSignal;
  logger: Logger;
  /** report.json as it builds up: each stage adds what it found, also when it fails. */
  report: RenderReport;
  /** 0..1 of this stage; the pipeline turns it into whole-render progress. */
  progress: (fraction: number) => void;
}

/** One step of a render (preflight → capture → compose → publish); the pipeline times and reports it. */
export interface Stage<In, Out> {
  name: StageName;
  run(input: In, context: StageContext): Promise<Out>;
}
