// The HTML of the emulated Intuit consent page: "Connect <app> to QuickBooks" with a company
// picker (one company per authorization, as Intuit's own page) and Connect / Cancel buttons.

const esc = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[ch] ?? ch,
  );

/** The consent form; posts `request`, `realmId` and `action` to /connect/oauth2/consent. */
export function consentPage(
  requestId: string,
  appName: string,
  companies: { realmId: string; name: string }[],
): string {
  const options = companies
    .map(
      (c, i) =>
        `<label><input type="radio" name="realmId" value="${esc(c.realmId)}"${i === 0 ? " checked" : ""}> ${esc(c.name)}</label>`,
    )
    .join("<br>");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Intuit – Connect</title></head>
<body><main><h1>Connect ${esc(appName)} to QuickBooks</h1>
<form method="post" action="/connect/oauth2/consent">
<input type="hidden" name="request" value="${esc(requestId)}">
<fieldset><legend>Select a company</legend>${options || "<p>No companies.</p>"}</fieldset>
<button type="submit" name="action" value="allow">Connect</button>
<button type="submit" name="action" value="deny">Cancel</button>
</form></main></body></html>`;
}

/** An error page (bad client or redirect URI: Intuit never redirects those). */
export function errorPage(title: string, detail: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title></head><body><main><h1>${esc(title)}</h1><p>${esc(detail)}</p></main></body></html>`;
}
