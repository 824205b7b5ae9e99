import type { ReactiveController, ReactiveControllerHost } from "lit";
import type { AggElement } from "../base/agg-element.ts";
import { asApiError } from "../base/api-client.ts";
import { createSecret } from "./api.ts";
import type { SecretCtx } from "./webhook.view.ts";

type SecretState = Pick<SecretCtx, "phase" | "error" | "fresh" | "copied">;

/** The host of the secret flow: an AggElement that learns each new secret's hint. */
export type SecretHost = AggElement & ReactiveControllerHost;

/**
 * The signing-secret flow of `<agg-accounts-settings>`: Generate, or Rotate after a confirmation;
 * the new secret is kept in memory only until Done, with Copy. Independent of the form's Save.
 */
export class SecretFlow implements ReactiveController {
  private readonly host: SecretHost;
  private readonly created: (hint: string) => void;
  private state: SecretState = { phase: "idle", error: null, fresh: null, copied: "idle" };
  /** A step ran: focus its marked button after the next render. */
  wantsFocus = false;

  constructor(host: SecretHost, created: (hint: string) => void) {
    this.host = host;
    this.created = created;
    host.addController(this);
  }

  hostDisconnected(): void {
    // A secret never outlives the element on screen.
    this.state = { phase: "idle", error: null, fresh: null, copied: "idle" };
  }

  private set(next: Partial<SecretState>, focus = false): void {
    this.state = { ...this.state, ...next };
    this.wantsFocus ||= focus;
    this.host.requestUpdate();
  }

  private async generate(): Promise<void> {
    this.set({ phase: "working", error: null });
    try {
      const { secret, hint } = await createSecret(this.host);
      this.set({ phase: "idle", fresh: secret, copied: "idle" }, true);
      this.created(hint);
    } catch (err) {
      this.set({ phase: "error", error: asApiError(err).message }, true);
    }
  }

  private async copy(): Promise<void> {
    const fresh = this.state.fresh;
    if (!fresh) return;
    try {
      await navigator.clipboard.writeText(fresh);
      this.set({ copied: "copied" });
    } catch {
      // No Clipboard API (an http page) or no permission: select it for Ctrl+C instead.
      this.set({ copied: "failed" });
      this.host.renderRoot.querySelector<HTMLInputElement>("#fresh")?.select();
    }
  }

  /** What the view needs, for the saved secret state. */
  ctx(isSet: boolean, hint: string | undefined): SecretCtx {
    const step = (phase: SecretState["phase"], fresh = this.state.fresh) =>
      this.set({ phase, error: null, fresh, copied: "idle" }, true);
    return {
      ...this.state,
      isSet,
      hint,
      generate: () => void this.generate(),
      askRotate: () => step("confirm"),
      cancel: () => step("idle"),
      copy: () => void this.copy(),
      done: () => step("idle", null),
    };
  }
}
