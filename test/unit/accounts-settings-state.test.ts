// <agg-accounts-settings>'s pure form cycle: load, edit (errors clear as the user fixes them),
// the payments switch rule, checks before saving, the server's answer, discard, a new secret.
import { describe, expect, it } from "vitest";
import type { AccountsSettings } from "../../shared/settings.ts";
import { NEEDS_ACCOUNT } from "../../widget/accounts-settings/accounts-settings.model.ts";
import {
  canSwitchOn,
  discarded,
  edited,
  LOADING,
  loaded,
  loadFailed,
  reloading,
  savedAs,
  saveFailed,
  saveStarted,
  secretCreated,
  switchRefused,
} from "../../widget/accounts-settings/accounts-settings.state.ts";
import { ApiError } from "../../widget/base/api-client.ts";

const saved: AccountsSettings = {
  pushPayments: { enabled: false, bankAccountCode: null },
  jobMatchField: "Reference",
  warningThreshold: 0.8,
  limitField: "XeroNetworkKey",
  syncIntervalMinutes: 15,
  webhook: { url: null, secretSet: false },
};
const ready = loaded(LOADING, saved);

describe("settings form load", () => {
  it("starts the draft from what is saved, and keeps it while reloading", () => {
    expect(ready).toMatchObject({ phase: "ready", draft: { threshold: "80", syncInterval: "15" } });
    expect(reloading(ready)).toMatchObject({ phase: "loading", draft: ready.draft, problem: null });
  });

  it("shows a failed load, read-only when refused", () => {
    expect(loadFailed(LOADING, new ApiError(500, "internal_error", "Boom"))).toMatchObject({
      phase: "error",
      forbidden: false,
    });
    expect(loadFailed(LOADING, new ApiError(403, "forbidden", "No")).forbidden).toBe(true);
  });
});

describe("settings form edits", () => {
  it("clears the edited field's error and a Saved message, but not a failed save's", () => {
    const s = {
      ...ready,
      errors: { threshold: "bad", syncInterval: "bad" },
      saving: { phase: "saved", message: null },
    } as const;
    const e = edited(s, "threshold", "75");
    expect(e.errors).toEqual({ syncInterval: "bad" });
    expect(e.saving.phase).toBe("idle");
    const failedSave = { ...ready, saving: { phase: "failed", message: "Offline" } } as const;
    expect(edited(failedSave, "threshold", "75").saving.phase).toBe("failed");
  });

  it("refuses the switch without a bank account, and choosing one answers that", () => {
    expect(canSwitchOn(ready)).toBe(false);
    const refused = switchRefused(ready);
    expect(refused.errors.enabled).toBe(NEEDS_ACCOUNT);
    const chosen = edited(refused, "bankAccountCode", "090");
    expect(chosen.errors.enabled).toBeUndefined();
    expect(canSwitchOn(chosen)).toBe(true);
  });
});

describe("settings form save", () => {
  it("does nothing when unchanged, and lists the fields to fix before sending", () => {
    expect(saveStarted(ready)).toBe(ready);
    const bad = saveStarted(edited(ready, "threshold", "150"));
    expect(bad.saving.phase).toBe("invalid");
    expect(bad.errors.threshold).toBe("Enter a percentage from 1 to 100.");
    const going = saveStarted(edited(ready, "threshold", "75"));
    expect(going.saving.phase).toBe("saving");
    expect(saveStarted(going)).toBe(going); // saving already
  });

  it("shows what the server kept, unless the user typed on while it saved", () => {
    const going = saveStarted(edited(ready, "threshold", "75"));
    const sent = going.draft!;
    const next = { ...saved, warningThreshold: 0.75 };
    expect(savedAs(going, sent, next)).toMatchObject({
      saving: { phase: "saved" },
      draft: { threshold: "75" },
    });
    const typedOn = edited(going, "syncInterval", "30");
    expect(savedAs(typedOn, sent, next).draft?.syncInterval).toBe("30");
  });

  it("puts the server's field errors on their fields, else says the save failed", () => {
    const details = [
      { path: ["warningThreshold"], message: "Too high" },
      { path: "other", message: "Also this." },
    ];
    const invalid = saveFailed(ready, new ApiError(400, "validation_failed", "Invalid", details));
    expect(invalid).toMatchObject({
      errors: { threshold: "Too high" },
      saving: { phase: "invalid", message: "Also this." },
    });
    expect(saveFailed(ready, new ApiError(503, "unavailable", "Later")).saving).toEqual({
      phase: "failed",
      message: "Later",
    });
  });

  it("discards back to what is saved, and records a new secret's hint only", () => {
    const d = discarded(edited(ready, "webhookUrl", "https://x.example/"));
    expect(d.draft?.webhookUrl).toBe("");
    expect(secretCreated(ready, "abcd").settings?.webhook).toEqual({
      url: null,
      secretSet: true,
      secretHint: "abcd",
    });
    expect(secretCreated(LOADING, "abcd")).toBe(LOADING);
  });
});
