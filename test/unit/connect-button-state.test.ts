// <agg-connect-button>'s pure state: the `state` attribute per phase, what Connect Accounts offers,
// how a failed call turns into the error card or a read-only note, and the consent popup's note.
import { describe, expect, it } from "vitest";
import type { ConnectionStatus } from "../../shared/connection.ts";
import { PROVIDERS } from "../../shared/providers.ts";
import { ApiError } from "../../widget/base/api-client.ts";
import {
  failed,
  INITIAL,
  isBusy,
  isMidAction,
  offeredSystems,
  resultNote,
  stateAttr,
  viewState,
} from "../../widget/connect-button/connect-button.state.ts";

const org = { name: "Demo Aggregates Ltd", currency: "GBP" };
const connected: ConnectionStatus = {
  status: "connected",
  provider: "xero",
  organisation: org,
  connectedAt: "2026-12-01T10:00:00Z",
};
const sage: ConnectionStatus = { ...connected, provider: "sage50" };
const offer: ConnectionStatus = { status: "not_connected", providers: ["xero", "quickbooks", "sage50"] };
const facts = { token: true, readOnly: false, connection: connected, keyIssued: false };
const noKey = { issued: null, keyHidden: false, copied: null };

describe("connect button state attribute", () => {
  it("names the connection when idle and each step of a flow", () => {
    expect(stateAttr("idle", facts)).toBe("connected");
    expect(stateAttr("idle", { ...facts, connection: offer })).toBe("not-connected");
    expect(stateAttr("idle", { ...facts, connection: null })).toBe("loading");
    expect(stateAttr("choose", facts)).toBe("choose-provider");
    expect(stateAttr("blocked", facts)).toBe("popup-blocked");
    expect(stateAttr("confirm", facts)).toBe("confirm-disconnect");
    expect(stateAttr("rotate", facts)).toBe("confirm-new-key");
    expect(stateAttr("key", facts)).toBe("issuing-key");
    expect(stateAttr("key", { ...facts, keyIssued: true })).toBe("waiting-for-connector");
  });

  it("says no-token without a token, and read-only or hidden for staff", () => {
    expect(stateAttr("idle", { ...facts, token: false })).toBe("no-token");
    expect(stateAttr("idle", { ...facts, readOnly: true })).toBe("read-only");
    expect(stateAttr("idle", { ...facts, readOnly: true, connection: offer })).toBe("hidden");
  });
});

describe("connect button transitions", () => {
  it("keeps an action under way through a refresh and a new token", () => {
    expect(isBusy("choose") && isBusy("key") && !isBusy("idle") && !isBusy("error")).toBe(true);
    expect(isMidAction("connecting") && isMidAction("rotate")).toBe(true);
    expect(isMidAction("choose") || isMidAction("loading")).toBe(false);
  });

  it("offers the worker's systems, limited and ordered by the worker, and Xero for an old worker", () => {
    expect(offeredSystems(offer, null).map((p) => p.id)).toEqual(["xero", "quickbooks", "sage50"]);
    expect(offeredSystems(offer, "sage50 xero").map((p) => p.id)).toEqual(["xero", "sage50"]);
    expect(offeredSystems({ status: "not_connected" }, null).map((p) => p.id)).toEqual(["xero"]);
  });

  it("turns a 403 into a read-only note and anything else into the error card with Retry", () => {
    const retry = () => {};
    const refused = failed(INITIAL, new ApiError(403, "forbidden", "No."), "Couldn't", retry, PROVIDERS.xero);
    expect(refused).toMatchObject({ forbidden: true, phase: "idle", problem: null });
    expect(refused.note?.text).toBe("Only an AGG SMART admin can connect or disconnect Xero.");
    const down = failed(INITIAL, new ApiError(0, "network_error", "Offline."), "Couldn't check", retry, null);
    expect(down).toMatchObject({ phase: "error", forbidden: false, problem: { title: "Couldn't check" } });
    expect(down.problem?.message).toBe("Offline.");
  });

  it("notes a failed consent with the system's reason or the chosen system's name", () => {
    const base = { source: "agg-smart-accounts-connect", type: "connect-result" } as const;
    expect(resultNote({ ...base, ok: true }, "xero")).toBeNull();
    expect(
      resultNote({ ...base, ok: false, error: { code: "access_denied", message: "Denied." } }, "xero")?.text,
    ).toBe("Denied.");
    expect(resultNote({ ...base, ok: false }, "quickbooks")?.text).toBe(
      "QuickBooks Online didn't connect. Please try again.",
    );
  });
});

describe("connect button view state", () => {
  it("has no connector for an OAuth system, and the chosen connector while its key is issued", () => {
    const idle = viewState(INITIAL, {
      connection: connected,
      providersAttr: null,
      from: "confirm",
      key: noKey,
    });
    expect(idle).toMatchObject({ connector: null, fromConfirm: true, provider: PROVIDERS.xero });
    const s = { ...INITIAL, phase: "key" as const, chosen: "sage50" as const };
    const key = viewState(s, { connection: connected, providersAttr: null, from: "rotate", key: noKey });
    expect(key.connector).toMatchObject({ provider: PROVIDERS.sage50, fromRotate: true, issued: null });
    const tenant = viewState(INITIAL, { connection: sage, providersAttr: null, from: null, key: noKey });
    expect(tenant.connector?.provider.id).toBe("sage50");
  });
});
