import type { ReactiveController, ReactiveControllerHost } from "lit";
import type { ConnectionStatus } from "../../shared/connection.ts";
import type { ProviderId } from "../../shared/providers.ts";
import type { AggElement } from "../base/agg-element.ts";
import { fetchStatus, type IssuedKey, startConnector } from "./api.ts";
import type { Note } from "./card.ts";

// A connector system's key flow (Sage 50): issue a key, then poll the status until the connector's
// first report lands. Nothing here opens a popup; the key lives only in memory while it is shown.

/** Poll delays while waiting for the first report: quick at first (the admin is at the PC), then 30 s. */
const DELAYS = [1000, 2000, 3000, 5000, 8000, 13_000, 20_000, 30_000];

/** What the flow tells its element. */
export interface FlowHost {
  /** A key has arrived: move focus into the key panel. */
  shown(): void;
  /** A status from a poll; answer true when it ends the wait (the connector reported). */
  status(s: ConnectionStatus): boolean;
}

/** The key panel's state and its poll; stops polling while the element is out of the page. */
export class ConnectorFlow implements ReactiveController {
  /** The key on show (null while it is being created, or when no flow is under way). */
  issued: IssuedKey | null = null;
  /** The admin hid the key: still waiting, the key is gone for good. */
  hidden = false;
  /** Feedback of the last copy. */
  copied: Note | null = null;
  private readonly host: ReactiveControllerHost & AggElement;
  private readonly on: FlowHost;
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** Re-renders each minute while a "last report N min ago" is on show. */
  private ticker: ReturnType<typeof setInterval> | null = null;
  private tries = 0;
  private seq = 0;

  constructor(host: ReactiveControllerHost & AggElement, on: FlowHost) {
    this.host = host;
    this.on = on;
    host.addController(this);
  }

  /** Asks the worker for a new key (rotating any old one) and starts waiting; throws the API error. */
  async issue(provider: ProviderId): Promise<void> {
    this.end();
    const seq = this.seq;
    const key = await startConnector(this.host, provider);
    if (seq !== this.seq) return;
    this.issued = key;
    this.on.shown();
    this.host.requestUpdate();
    this.schedule();
  }

  /** Whether `s` is a report from a connector using the key on show (not an older one's). */
  reported(s: ConnectionStatus): boolean {
    if (s.status !== "connected") return false;
    const at = s.lastReportAt ? Date.parse(s.lastReportAt) : Number.NaN;
    const issued = this.issued ? Date.parse(this.issued.issuedAt) : Number.NaN;
    return Number.isNaN(at) || Number.isNaN(issued) || at >= issued;
  }

  /** Stops waiting and forgets the key. */
  end(): void {
    this.stop();
    this.issued = null;
    this.hidden = false;
    this.copied = null;
  }

  /** The admin hid the key: it is gone for good, the wait goes on. */
  hide(): void {
    this.hidden = true;
    this.copied = null;
    this.host.requestUpdate();
  }

  /** Copies `text` to the clipboard and says whether that worked. */
  async copy(text: string, what: string): Promise<void> {
    try {
      // navigator.clipboard exists only on secure (https) pages: the old copy command elsewhere.
      if (navigator.clipboard) await navigator.clipboard.writeText(text);
      else copyByCommand(text);
      this.copied = { tone: "success", text: `${what} copied.` };
    } catch {
      this.copied = {
        tone: "error",
        text: `Couldn't copy: select the ${what.toLowerCase()} and copy it yourself.`,
      };
    }
    this.host.requestUpdate();
  }

  /** Keeps the last-report age current (`on`: a connector connection is on show). */
  tick(on: boolean): void {
    if (on && !this.ticker) this.ticker = setInterval(() => this.host.requestUpdate(), 60_000);
    if (!on && this.ticker) {
      clearInterval(this.ticker);
      this.ticker = null;
    }
  }

  hostConnected(): void {
    if (this.issued && !this.timer) this.schedule();
    this.host.requestUpdate(); // updated() restarts the ticker if it is still wanted
  }

  hostDisconnected(): void {
    this.tick(false);
    // Only the timer: a request under way finishes, and a poll does not reschedule off the page.
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.tries = 0;
    this.seq++;
  }

  private schedule(): void {
    const seq = this.seq;
    const delay = DELAYS[Math.min(this.tries++, DELAYS.length - 1)];
    this.timer = setTimeout(() => void this.poll(seq), delay);
  }

  private async poll(seq: number): Promise<void> {
    this.timer = null;
    try {
      const s = await fetchStatus(this.host);
      if (seq !== this.seq) return;
      if (this.on.status(s)) {
        this.end();
        return;
      }
    } catch {
      // A failed poll (network blip, worker restart) is not the end of the wait: try again later.
    }
    if (seq === this.seq && this.host.isConnected) this.schedule();
  }
}

/** Copies with the legacy copy command (pages without the Clipboard API); throws when refused. */
function copyByCommand(text: string): void {
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.style.cssText = "position:fixed;opacity:0;pointer-events:none";
  document.body.appendChild(area);
  area.select();
  const done = document.execCommand("copy");
  area.remove();
  if (!done) throw new Error("copy refused");
}
