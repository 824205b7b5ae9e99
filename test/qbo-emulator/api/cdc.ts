// GET /cdc?entities=Customer,Invoice&changedSince=<ISO>: every object of those entities changed
// since then, deleted ones as {"status":"Deleted"} tombstones. changedSince at most 30 days back;
// at most 1,000 objects in one answer over all entities (oldest changes first), so a client that
// gets exactly 1,000 must ask again from the last LastUpdatedTime it saw.
// @see https://developer.intuit.com/app/developer/qbo/docs/learn/explore-the-quickbooks-online-api/change-data-capture

import { balanceIndex, type Company } from "../model.ts";
import { accountJson, customerJson, invoiceJson, metaData, paymentJson } from "./serialize.ts";

/** Most objects in one CDC answer (all entities together). */
export const CDC_MAX_OBJECTS = 1000;
/** How far back changedSince may reach. */
export const CDC_MAX_AGE_MS = 30 * 86_400_000;
/** Entities the emulator's CDC serves (Intuit's spelling). */
export const CDC_ENTITIES = ["Customer", "Invoice", "Payment", "Account"] as const;

type CdcEntity = (typeof CDC_ENTITIES)[number];
interface Item {
  entity: CdcEntity;
  at: number;
  id: string;
  json: () => Record<string, unknown>;
}

/** A bad entities/changedSince parameter. */
export class CdcParamError extends Error {
  readonly element: string;
  constructor(message: string, element: string) {
    super(message);
    this.element = element;
  }
}

/** Parses the parameters; throws CdcParamError. */
export function parseCdcParams(
  entities: string | undefined,
  changedSince: string | undefined,
  now: number,
): { entities: CdcEntity[]; since: number } {
  if (!entities) throw new CdcParamError("entities is required", "entities");
  const list: CdcEntity[] = [];
  for (const raw of entities.split(",").map((s) => s.trim())) {
    const e = CDC_ENTITIES.find((x) => x.toLowerCase() === raw.toLowerCase());
    if (!e) throw new CdcParamError(`entity ${raw} is not supported by CDC here`, "entities");
    if (!list.includes(e)) list.push(e);
  }
  const since = changedSince ? Date.parse(changedSince) : Number.NaN;
  if (!changedSince || !Number.isFinite(since) || !/T/.test(changedSince))
    throw new CdcParamError("changedSince must be an ISO 8601 dateTime", "changedSince");
  if (now - since > CDC_MAX_AGE_MS)
    throw new CdcParamError("changedSince cannot be more than 30 days in the past", "changedSince");
  return { entities: list, since };
}

/** The CDCResponse body. */
export function runCdc(
  co: Company,
  entities: CdcEntity[],
  since: number,
  now: number,
): Record<string, unknown> {
  const items: Item[] = [];
  const want = new Set(entities);
  const add = (entity: CdcEntity, id: string, at: number, json: () => Record<string, unknown>) => {
    if (want.has(entity) && at >= since) items.push({ entity, id, at, json });
  };
  const idx = balanceIndex(co);
  for (const c of co.customers.values()) add("Customer", c.id, c.updatedAt, () => customerJson(co, c, idx));
  for (const i of co.invoices.values()) add("Invoice", i.id, i.updatedAt, () => invoiceJson(co, i));
  for (const p of co.payments.values()) add("Payment", p.id, p.updatedAt, () => paymentJson(co, p));
  for (const a of co.accounts.values()) add("Account", a.id, a.updatedAt, () => accountJson(a));
  for (const t of co.tombstones) {
    if (now - t.at > CDC_MAX_AGE_MS) continue;
    add(t.entity, t.id, t.at, () => ({
      domain: "QBO",
      status: "Deleted",
      Id: t.id,
      MetaData: { LastUpdatedTime: metaData(t.at, t.at).LastUpdatedTime },
    }));
  }
  items.sort((a, b) => a.at - b.at || Number(a.id) - Number(b.id));
  const kept = items.slice(0, CDC_MAX_OBJECTS);
  const responses = entities.map((e) => {
    const mine = kept.filter((i) => i.entity === e).map((i) => i.json());
    return mine.length ? { [e]: mine, startPosition: 1, maxResults: mine.length } : {};
  });
  return { CDCResponse: [{ QueryResponse: responses }] };
}
