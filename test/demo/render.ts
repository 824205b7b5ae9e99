// Server-side rendering of the demo pages: fills the {{PLACEHOLDERS}} in index.html / admin.html.
import { BUSINESSES, type DemoBusiness, withBusiness } from "./businesses.ts";
import {
  DEMO_CUSTOMERS,
  DEMO_JOBS,
  DEMO_MATERIALS,
  DEMO_USERS,
  type DemoCustomer,
  type DemoJob,
} from "./data.ts";

/** Escapes text for HTML element content and double-quoted attributes. */
export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Replaces every `{{NAME}}` with `values[NAME]`; an unknown placeholder is a bug, so it throws. */
export function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{([A-Z_]+)\}\}/g, (_, name: string) => {
    const v = values[name];
    if (v === undefined) throw new Error(`Demo template has no value for {{${name}}}`);
    return v;
  });
}

const NAV = [
  { href: "/", label: "Jobs", key: "jobs" },
  { href: "/", label: "Customers", key: "customers" },
  { href: "/", label: "Vehicles", key: "vehicles" },
  { href: "/admin", label: "Admin", key: "admin" },
] as const;

/** A switch to the demo's other business (same page), so either accounting system can be tried. */
function businessSwitch(b: DemoBusiness, current: "jobs" | "admin"): string {
  const other = b.key ? BUSINESSES[""] : BUSINESSES.quarry;
  const href = withBusiness(current === "admin" ? "/admin" : "/", other);
  return `<a class="switch-business" href="${esc(href)}">Switch to ${esc(other.tenant.name)}</a>`;
}

/** The AGG SMART app header: wordmark, main nav (one item current), which business, signed-in user. */
export function header(
  current: "jobs" | "admin",
  role: "staff" | "admin",
  business: DemoBusiness = BUSINESSES[""],
): string {
  const user = DEMO_USERS[role];
  const initials = user.name
    .split(" ")
    .map((p) => p[0])
    .join("");
  const items = NAV.map(
    (n) =>
      `<li><a class="nav-link" href="${esc(withBusiness(n.href, business))}"${n.key === current ? ' aria-current="page"' : ""}>${esc(n.label)}</a></li>`,
  ).join("");
  return `<header class="app-header">
    <a class="brand" href="${esc(withBusiness("/", business))}" aria-label="AGG SMART home">
      <svg viewBox="0 0 32 32" width="28" height="28" aria-hidden="true"><path d="M3 25 12 9l5 8 3-5 9 13z" fill="#f5b400"/><path d="M12 9l5 8-3 8H3z" fill="#ffd34d"/></svg>
      <span>AGG <b>SMART</b></span>
    </a>
    <nav class="main-nav" aria-label="Main"><ul>${items}</ul></nav>
    <div class="user">
      <span class="business" data-tenant="${esc(business.tenant.id)}"><strong>${esc(business.tenant.name)}</strong>
        <span class="books">books in ${esc(business.books)}</span>${businessSwitch(business, current)}</span>
      <span class="who"><span class="name">${esc(user.name)}</span><span class="org">${esc(user.title)}</span></span>
      <span class="avatar" aria-hidden="true">${esc(initials)}</span>
    </div>
  </header>`;
}

/** `<option>`s of the customer picker: value = account ref. */
export function customerOptions(customers: readonly DemoCustomer[] = DEMO_CUSTOMERS): string {
  return customers
    .map((c) => `<option value="${esc(c.ref)}">${esc(c.ref)} — ${esc(c.name)}</option>`)
    .join("\n            ");
}

/** `<option>`s of the material picker, carrying unit and price for the host script. */
export function materialOptions(): string {
  return DEMO_MATERIALS.map(
    (m) =>
      `<option value="${esc(m.name)}" data-unit="${esc(m.unit)}" data-price="${esc(m.price)}">${esc(m.name)} — £${esc(m.price)}/${esc(m.unit)}</option>`,
  ).join("\n              ");
}

/** One row of today's jobs, its Payment cell an `<agg-payment-status>`. */
export function jobRow(
  job: DemoJob,
  token: string,
  customers: readonly DemoCustomer[] = DEMO_CUSTOMERS,
): string {
  const customerName = (ref: string) => customers.find((c) => c.ref === ref)?.name ?? ref;
  const at =
    job.card?.authorisedDaysAgo === undefined
      ? ""
      : new Date(Date.now() - job.card.authorisedDaysAgo * 86_400_000).toISOString();
  const card = job.card
    ? ` card-status="${esc(job.card.status)}" card-amount="${esc(job.card.amount)}"${at ? ` card-authorised-at="${esc(at)}"` : ""}`
    : "";
  return `<tr data-job="${esc(job.ref)}">
              <td class="job-ref"><strong>${esc(job.ref)}</strong></td>
              <td><span class="cust">${esc(customerName(job.customer))}</span><span class="ref">${esc(job.customer)}</span></td>
              <td>${esc(job.site)}</td>
              <td>${esc(job.material)}</td>
              <td class="num">${esc(job.quantity)}</td>
              <td class="num">£${esc(job.value)}</td>
              <td><agg-payment-status token="${esc(token)}" job="${esc(job.ref)}"${card}></agg-payment-status></td>
            </tr>`;
}

/** Every job row. */
export function jobRows(
  token: string,
  jobs: readonly DemoJob[] = DEMO_JOBS,
  customers: readonly DemoCustomer[] = DEMO_CUSTOMERS,
): string {
  return jobs.map((j) => jobRow(j, token, customers)).join("\n            ");
}

/** `<option>`s for the next week's delivery days (value ISO date, label "Thu 26 Nov"), today first. */
export function dateOptions(now: Date): string {
  const fmt = new Intl.DateTimeFormat("en-GB", { weekday: "short", day: "numeric", month: "short" });
  const out: string[] = [];
  for (let i = 0; i < 7; i++) {
    const d = new Date(now.getTime() + i * 86_400_000);
    const prefix = i === 0 ? "Today, " : i === 1 ? "Tomorrow, " : "";
    out.push(`<option value="${d.toISOString().slice(0, 10)}">${prefix}${esc(fmt.format(d))}</option>`);
  }
  return out.join("\n              ");
}

/** The admin page's help on where credit limits are typed, for the business's accounting system. */
export function limitHelp(b: DemoBusiness): string {
  if (b.books === "QuickBooks Online")
    return `<h2 id="help-title">Setting credit limits in QuickBooks Online</h2>
        <p>QuickBooks Online has no credit-limit field. Type each customer's limit as a plain number (for
          example <code>10000</code>) into the customer's <strong>Fax</strong> field. A real fax number there
          is shown as "no limit set", never read as a limit. Customers are flagged at 70% of their limit.</p>`;
  return `<h2 id="help-title">Setting credit limits in Xero</h2>
        <p>Xero has no credit-limit field. Type each customer's limit as a plain number (for example
          <code>10000</code>) into the contact's <strong>Xero Network Key</strong> field. Customers are
          flagged at 70% of their limit, and over-limit customers can't be booked unless the contact's
          notes contain <code>[allowOverCredit]</code>.</p>`;
}
