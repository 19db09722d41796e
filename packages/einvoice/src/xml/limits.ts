/** Bounds applied to every input so that a hostile file costs bounded time and memory. */
export interface InputLimits {
  readonly maxXmlBytes: number;
  readonly maxPdfBytes: number;
  readonly maxDepth: number;
  readonly maxElements: number;
  readonly maxAttributes: number;
  /** Wall-clock budget per file, checked while parsing. */
  readonly timeLimitMs: number;
}

export const DEFAULT_LIMITS: InputLimits = {
  maxXmlBytes: 20 * 1024 * 1024,
  maxPdfBytes: 50 * 1024 * 1024,
  maxDepth: 64,
  maxElements: 400_000,
  maxAttributes: 64,
  timeLimitMs: 10_000,
};
