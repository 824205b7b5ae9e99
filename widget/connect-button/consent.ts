import type { ConnectResultMessage } from "../../shared/connection.ts";
import { PROVIDERS, type ProviderId } from "../../shared/providers.ts";
import type { AggElement } from "../base/agg-element.ts";
import { ApiError } from "../base/api-client.ts";
import { startConnect } from "./api.ts";
import { openConnectPopup, popupTarget, watchPopup } from "./popup.ts";

// An OAuth system's consent popup (Xero, QuickBooks): opened inside the click, pointed at the
// single-use start URL once the worker answers, and watched until it posts its result or closes.

/** What the session tells its element; none of these fire after `end()`. */
export interface ConsentHost {
  /** The popup posted a valid result. */
  result(message: ConnectResultMessage): void;
  /** The popup closed without a result. */
  closed(): void;
  /** The worker did not give a usable start URL (the popup is closed already). */
  failed(err: unknown, provider: ProviderId): void;
}

/** At most one consent popup at a time, for one element. */
export class ConsentSession {
  private session: { popup: Window; stop: () => void } | null = null;
  private readonly el: AggElement;
  private readonly on: ConsentHost;

  constructor(el: AggElement, on: ConsentHost) {
    this.el = el;
    this.on = on;
  }

  /**
   * Opens `provider`'s consent popup; call synchronously inside the click so the popup counts as
   * user-initiated. False when the browser blocked it.
   */
  open(provider: ProviderId): boolean {
    this.end();
    const popup = openConnectPopup(PROVIDERS[provider].name);
    if (!popup) return false;
    const session = {
      popup,
      stop: watchPopup(popup, new URL(this.el.apiBase, location.href).origin, {
        result: (m) => {
          this.end();
          this.on.result(m);
        },
        closed: () => {
          this.end();
          this.on.closed();
        },
      }),
    };
    this.session = session;
    void this.navigate(session, provider);
    return true;
  }

  /** Closes the popup (the user pressed Cancel); reported as `closed`. */
  cancel(): void {
    this.end();
    this.on.closed();
  }

  /** Stops watching and closes the popup; true when one was open. */
  end(): boolean {
    const s = this.session;
    if (!s) return false;
    this.session = null;
    s.stop();
    if (!s.popup.closed) s.popup.close();
    return true;
  }

  private async navigate(session: { popup: Window }, provider: ProviderId): Promise<void> {
    try {
      const { url } = await startConnect(this.el, provider);
      if (this.session !== session) return;
      const target = popupTarget(url, this.el.apiBase);
      if (!target)
        throw new ApiError(
          502,
          "bad_response",
          `The ${PROVIDERS[provider].name} sign-in address was not valid.`,
        );
      session.popup.location.href = target;
    } catch (err) {
      if (this.session !== session) return;
      this.end();
      this.on.failed(err, provider);
    }
  }
}
