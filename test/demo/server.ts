// The demo host: a stand-in for AGG SMART's own server. It serves the booking page and the Admin →
// Accounts page on its own origin, signs embed tokens for them, and points them at the worker.
// Two businesses (tenants): Demo Aggregates Ltd by default, Demo Quarry Ltd with `?business=quarry`.
import { readFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { PROVIDER_IDS } from "../../shared/providers.ts";
import { businessFor, type DemoBusiness, withBusiness } from "./businesses.ts";
import { DEMO_USERS } from "./data.ts";
import {
  customerOptions,
  dateOptions,
  esc,
  fill,
  header,
  jobRows,
  limitHelp,
  materialOptions,
} from "./render.ts";
import { type EmbedRole, mintEmbedToken } from "./tokens.ts";

/** Options for {@link startDemoServer}. */
export interface DemoServerOptions {
  port: number;
  /** The worker's public URL (widget.js and the API), e.g. http://localhost:8787. */
  workerUrl: string;
  /** EMBED_SIGNING_SECRET (`kid:secret[,kid:secret…]`); tokens are signed with the first. */
  embedSecrets: string;
}

/** A running demo host. */
export interface DemoServer {
  url: string;
  close(): Promise<void>;
}

const DIR = import.meta.dirname;
const STATIC: Record<string, string> = {
  "/demo.css": "text/css; charset=utf-8",
  "/host.js": "text/javascript; charset=utf-8",
};

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, {
    "Content-Type": type,
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
  });
  res.end(body);
}

function todayLabel(now: Date): string {
  return new Intl.DateTimeFormat("en-GB", {
    weekday: "long",
    day: "numeric",
    month: "long",
    year: "numeric",
  }).format(now);
}

/**
 * Who the page is for: the business (`?business=quarry` for Demo Quarry Ltd), whose tenant
 * `?tenant=` may replace (a fresh AGG SMART account, e.g. for a Sage 50 test); `?providers=`
 * limits what Connect Accounts offers (default: every system the worker has configured).
 */
function pageOptions(url: URL, b: DemoBusiness): { tenant: string; providers: string } {
  const t = url.searchParams.get("tenant") ?? "";
  const tenant = /^[\w.:-]{1,128}$/.test(t) ? t : b.tenant.id;
  const words = (url.searchParams.get("providers") ?? "").split(/[\s,]+/);
  const providers = words.filter((w) => (PROVIDER_IDS as readonly string[]).includes(w)).join(" ");
  return { tenant, providers: providers || PROVIDER_IDS.join(" ") };
}

async function page(
  file: "index.html" | "admin.html",
  role: EmbedRole,
  opts: DemoServerOptions,
  b: DemoBusiness,
  url: URL,
) {
  const { tenant, providers } = pageOptions(url, b);
  const token = await mintEmbedToken(opts.embedSecrets, {
    tenant,
    sub: DEMO_USERS[role].id,
    role,
  });
  const now = new Date();
  const first = b.customers[0]?.ref ?? "";
  return fill(await readFile(join(DIR, file), "utf8"), {
    WORKER_URL: esc(opts.workerUrl.replace(/\/+$/, "")),
    HEADER: header(role === "admin" ? "admin" : "jobs", role, b),
    BOOKS: esc(b.books),
    // In-page links keep the business (and so its accounting system) the page was opened for.
    ADMIN_HREF: esc(withBusiness("/admin", b)),
    HOME_HREF: esc(withBusiness("/", b)),
    LIMIT_HELP: limitHelp(b),
    TOKEN: esc(token),
    PROVIDERS: esc(providers),
    TODAY: esc(todayLabel(now)),
    DATE_OPTIONS: dateOptions(now),
    FIRST_CUSTOMER: esc(first),
    CUSTOMER_OPTIONS: customerOptions(b.customers),
    MATERIAL_OPTIONS: materialOptions(),
    JOB_ROWS: jobRows(token, b.jobs, b.customers),
    JOB_COUNT: String(b.jobs.length),
    NEXT_JOB: String(b.nextJob),
  });
}

async function handle(req: IncomingMessage, res: ServerResponse, opts: DemoServerOptions): Promise<void> {
  const url = new URL(req.url ?? "/", "http://demo.local");
  if (req.method !== "GET" && req.method !== "HEAD")
    return send(res, 405, "text/plain", "Method not allowed");
  const path = url.pathname;
  const business = businessFor(url.searchParams.get("business"));
  if (path === "/" || path === "/index.html")
    return send(res, 200, "text/html; charset=utf-8", await page("index.html", "staff", opts, business, url));
  if (path === "/admin" || path === "/admin.html")
    return send(res, 200, "text/html; charset=utf-8", await page("admin.html", "admin", opts, business, url));
  if (path === "/token") {
    // AGG SMART would take the role from the signed-in session; the demo takes it from the page.
    const role = url.searchParams.get("role");
    if (role !== "staff" && role !== "admin")
      return send(res, 400, "application/json", JSON.stringify({ error: "role must be staff or admin" }));
    const token = await mintEmbedToken(opts.embedSecrets, {
      tenant: pageOptions(url, business).tenant,
      sub: DEMO_USERS[role].id,
      role,
    });
    return send(res, 200, "application/json", JSON.stringify({ token }));
  }
  const type = STATIC[path];
  if (type) return send(res, 200, type, await readFile(join(DIR, path.slice(1)), "utf8"));
  return send(res, 404, "text/plain; charset=utf-8", "Not found");
}

/** Starts the demo host on 127.0.0.1:`port` (reached as http://localhost:`port`). */
export async function startDemoServer(opts: DemoServerOptions): Promise<DemoServer> {
  const server = createServer((req, res) => {
    handle(req, res, opts).catch((err: unknown) => {
      console.error("[demo]", err);
      if (!res.headersSent) send(res, 500, "text/plain", "Demo server error");
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://localhost:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
