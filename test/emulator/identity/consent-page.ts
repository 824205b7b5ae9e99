// HTML for Xero's consent screen (app, scopes, organisation picker) and its error page.
// Plain, accessible markup: browser tests drive it and axe may scan it.

/** One organisation the user can connect. */
export interface OrgChoice {
  tenantId: string;
  name: string;
}

/** What the consent page shows. */
export interface ConsentView {
  requestId: string;
  appName: string;
  scopes: string[];
  userEmail: string;
  orgs: OrgChoice[];
  /** Tenants ticked (default: the first organisation). */
  checked?: string[];
  error?: string;
}

const SCOPE_TEXT: Record<string, string> = {
  openid: "Verify your identity",
  profile: "View your name and profile",
  email: "View your email address",
  offline_access: "Keep access when you are not using the app (up to 60 days between uses)",
  "accounting.contacts": "View and manage your contacts",
  "accounting.contacts.read": "View your contacts",
  "accounting.invoices": "View and manage your invoices",
  "accounting.invoices.read": "View your invoices",
  "accounting.payments": "View and manage your payments",
  "accounting.payments.read": "View your payments",
  "accounting.settings": "View and manage your organisation settings",
  "accounting.settings.read": "View your organisation settings",
  "accounting.transactions": "View and manage your business transactions",
  "accounting.transactions.read": "View your business transactions",
};

/** Escapes text for HTML element content and attribute values. */
export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

const STYLE = `body{font:16px/1.5 system-ui,sans-serif;background:#f4f6f8;color:#1a2733;margin:0}
main{max-width:34rem;margin:3rem auto;background:#fff;padding:2rem;border-radius:8px;box-shadow:0 1px 4px #0002}
h1{font-size:1.4rem;margin-top:0}fieldset{border:1px solid #c5ccd3;border-radius:6px;margin:1rem 0}
.error{background:#fde8e8;color:#8a1c1c;padding:.5rem 1rem;border-radius:6px}
.actions{display:flex;gap:1rem;margin-top:1.5rem}button{font:inherit;padding:.5rem 1.25rem;border-radius:6px;cursor:pointer}
button[value=allow]{background:#13b5ea;border:1px solid #0e8fb9;color:#06222d}button[value=deny]{background:#fff;border:1px solid #5b6670}`;

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(title)}</title><style>${STYLE}</style></head><body><main>${body}</main></body></html>`;
}

/** The consent screen: Allow posts the form back; Cancel sends the user back with access_denied. */
export function consentPage(v: ConsentView): string {
  const checked = new Set(v.checked ?? (v.orgs[0] ? [v.orgs[0].tenantId] : []));
  const scopes = v.scopes.map((s) => `<li>${esc(SCOPE_TEXT[s] ?? s)} <code>${esc(s)}</code></li>`).join("");
  const orgs = v.orgs.length
    ? v.orgs
        .map((o, i) => {
          const id = `tenant-${i}`;
          const on = checked.has(o.tenantId) ? " checked" : "";
          return `<div><input type="checkbox" id="${id}" name="tenant" value="${esc(o.tenantId)}"${on}> <label for="${id}">${esc(o.name)}</label></div>`;
        })
        .join("")
    : "<p>You have no organisations to connect.</p>";
  const error = v.error ? `<p class="error" role="alert">${esc(v.error)}</p>` : "";
  return page(
    `Xero | Authorise ${v.appName}`,
    `<h1>${esc(v.appName)} wants to connect to Xero</h1>${error}
<form method="post" action="/identity/connect/authorize">
<input type="hidden" name="request" value="${esc(v.requestId)}">
<p><label for="user">Signed in as</label> <input id="user" name="user" type="email" value="${esc(v.userEmail)}" autocomplete="email"></p>
<h2>This app will be able to</h2><ul>${scopes}</ul>
<fieldset><legend>Choose the organisations to connect</legend>${orgs}</fieldset>
<div class="actions"><button type="submit" name="action" value="allow">Allow access</button>
<button type="submit" name="action" value="deny">Cancel</button></div></form>`,
  );
}

/** Xero's own error page: shown (never redirected) when the client or redirect URI is wrong. */
export function errorPage(error: string, description: string): string {
  return page(
    "Xero | Error",
    `<h1>Sorry, something went wrong</h1><p class="error" role="alert">Error: <strong>${esc(error)}</strong> : ${esc(description)}</p>
<p>Please contact the developer of the app you are trying to connect.</p>`,
  );
}
