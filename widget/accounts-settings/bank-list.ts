import type { ReactiveControllerHost } from "lit";
import type { ConnectionStatus } from "../../shared/connection.ts";
import type { AggElement } from "../base/agg-element.ts";
import { asApiError } from "../base/api-client.ts";
import type { Banks } from "./accounts-settings.view.ts";
import { fetchBankAccounts } from "./api.ts";

// The bank-account picker's list, read live from the accounting system: loading, loaded, no
// connection, or failed (with Retry). Each load supersedes the one before it.

/** The accounts payments can go into, as the picker shows them. */
export class BankList {
  /** What the picker shows now. */
  banks: Banks = { phase: "loading", accounts: [] };
  private readonly host: ReactiveControllerHost & AggElement;
  private seq = 0;

  constructor(host: ReactiveControllerHost & AggElement) {
    this.host = host;
  }

  /**
   * Follows the connection: loads the list when connected; otherwise shows "not connected"
   * without asking (the worker would only answer 409). `null` = not known: ask, the answer says.
   */
  follow(connection: ConnectionStatus | null): Promise<void> {
    if (connection === null || connection.status === "connected") return this.load();
    ++this.seq;
    this.show({ phase: "not-connected", accounts: [] });
    return Promise.resolve();
  }

  /** Loads the list again (a new connection, Retry, Reload); an answer to an older load is dropped. */
  async load(): Promise<void> {
    const seq = ++this.seq;
    this.show({ phase: "loading", accounts: [] });
    try {
      const list = await fetchBankAccounts(this.host);
      if (seq === this.seq) this.show({ phase: "ready", accounts: list.accounts });
    } catch (err) {
      if (seq !== this.seq) return;
      const e = asApiError(err);
      this.show(
        e.code === "not_connected"
          ? { phase: "not-connected", accounts: [] }
          : { phase: "error", accounts: [], message: e.message },
      );
    }
  }

  private show(banks: Banks): void {
    this.banks = banks;
    this.host.requestUpdate();
  }
}
