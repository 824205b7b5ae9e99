import type { ConnectResultMessage } from "../../shared/connection.ts";

/** Escapes text for HTML. */
export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

const STYLE = `body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;background:#f4f6f8;color:#1d2733}
main{max-width:420px;margin:48px auto;background:#fff;border-radius:10px;box-shadow:0 2px 12px #0002;padding:28px}
h1{font-size:20px;margin:0 0 8px}p{margin:8px 0}.ok{color:#116329}.bad{color:#a4111c}
form{margin:0}button{display:block;width:100%;margin:8px 0;padding:12px;border:1px solid #c9d1d9;border-radius:8px;
background:#fff;font:inherit;text-align:left;cursor:pointer}button:hover,button:focus-visible{border-color:#1570ef;outline:2px solid #1570ef55}
small{color:#57606a}`;

/** A full HTML page with a strict CSP (inline script allowed only by nonce). */
export function page(title: string, body: string, nonce: string, script = ""): { html: string; csp: string } {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(title)} — AGG SMART</title><style>${STYLE}</style></head><body><main>${body}</main>${
    script ? `<script nonce="${nonce}">${script}</script>` : ""
  }</body></html>`;
  const csp = `default-src 'none'; style-src 'unsafe-inline'; script-src 'nonce-${nonce}'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`;
  return { html, csp };
}

/** Script that tells the opener (only at `origin`) how it went, then closes the popup. */
export function notifyOpenerScript(
  message: ConnectResultMessage,
  origin: string,
  closeAfterMs: number,
): string {
  // JSON inside <script>: escape "<" so no value can close the tag.
  const data = JSON.stringify({ message, origin }).replace(/</g, "\\u003c");
  return `(function(){var d=${data};try{if(window.opener){window.opener.postMessage(d.message,d.origin);}}catch(e){}
setTimeout(function(){window.close();},${closeAfterMs});})();`;
}

/** The organisation picker shown when one consent connected several organisations. */
export function pickerBody(
  pickRef: string,
  orgs: { tenantId: string; name: string }[],
  provider: { id: string; name: string },
): string {
  const buttons = orgs
    .map(
      (
        o,
      ) => `<form method="post" action="/oauth/${esc(provider.id)}/select"><input type="hidden" name="pick" value="${esc(pickRef)}">
<input type="hidden" name="tenant" value="${esc(o.tenantId)}"><button type="submit" name="choose" value="${esc(o.tenantId)}">${esc(o.name)}</button></form>`,
    )
    .join("");
  return `<h1>Choose the organisation</h1><p>You gave access to more than one ${esc(provider.name)} organisation. Which one does this AGG SMART account use?</p>${buttons}<p><small>The others will be disconnected again.</small></p>`;
}
