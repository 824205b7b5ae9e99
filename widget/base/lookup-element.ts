import { AggElement, states } from "./agg-element.ts";
import type { ApiError } from "./api-client.ts";

/**
 * Base of the staff elements that show one thing looked up by a reference (a customer's credit,
 * a job's payment): where the lookup stands (`phase`), its answer or failure, the clock the view
 * reads, and the bookkeeping that lets a newer request or a removal cancel an older one.
 */
export class LookupElement<L, P extends string> extends AggElement {
  static override properties = {
    ...AggElement.properties,
    ...states("phase", "lookup", "problem", "now"),
  };

  declare protected phase: P;
  declare protected lookup: L | null;
  declare protected problem: ApiError | null;
  declare protected now: number;
  /** Bumped by {@link cancel}: an answer to an older request compares its seq and is dropped. */
  protected seq = 0;
  /** The one pending timer (debounce or next poll). */
  protected timer: ReturnType<typeof setTimeout> | undefined;
  protected inflight: AbortController | null = null;

  constructor(phase: P) {
    super();
    this.phase = phase;
    this.lookup = null;
    this.problem = null;
    this.now = Date.now();
  }

  /** Stops the pending timer and the request under way; whatever they would answer is ignored. */
  protected cancel(): void {
    clearTimeout(this.timer);
    this.inflight?.abort();
    this.inflight = null;
    this.seq++;
  }
}
