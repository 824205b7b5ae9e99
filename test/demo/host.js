// The host page's own script (AGG SMART's front end, not part of the widget): hands the widget fresh
// embed tokens, keeps the credit badge in step with the booking form, and books jobs locally.

const role = document.querySelector('meta[name="agg-role"]')?.getAttribute("content") ?? "staff";

/** Asks AGG SMART's server (this demo server) for a fresh embed token. */
async function getToken() {
  // The business the page is for: Demo Quarry Ltd's pages carry ?business=quarry; ?tenant= opens
  // the demo for another AGG SMART account (e.g. a fresh one in a Sage 50 test).
  const params = new URLSearchParams(location.search);
  let query = `role=${encodeURIComponent(role)}`;
  for (const name of ["business", "tenant"]) {
    const value = params.get(name);
    if (value) query += `&${name}=${encodeURIComponent(value)}`;
  }
  const res = await fetch(`/token?${query}`, { cache: "no-store" });
  if (!res.ok) throw new Error(`Token request failed (HTTP ${res.status})`);
  const body = await res.json();
  return body.token;
}
window.AggSmartWidget = Object.assign(window.AggSmartWidget ?? {}, { getToken });

const form = document.getElementById("booking");
if (form) wireBooking(form);

function wireBooking(form) {
  const customer = form.querySelector("#customer");
  const material = form.querySelector("#material");
  const quantity = form.querySelector("#quantity");
  const unit = form.querySelector("#unit");
  const jobValue = form.querySelector("#job-value");
  const badge = document.getElementById("badge");
  const status = document.getElementById("booking-status");
  const jobs = document.getElementById("jobs");
  const count = document.getElementById("job-count");

  const money = (n) => (Math.round(n * 100) / 100).toFixed(2);
  const selectedMaterial = () => material.selectedOptions[0];

  function syncBadge() {
    badge.setAttribute("customer", customer.value);
    const v = Number.parseFloat(jobValue.value.replace(/[£,\s]/g, ""));
    badge.setAttribute("job-value", Number.isFinite(v) && v >= 0 ? money(v) : "0.00");
  }
  function reprice() {
    const opt = selectedMaterial();
    unit.textContent = opt.dataset.unit;
    const qty = Number.parseFloat(quantity.value);
    const price = Number.parseFloat(opt.dataset.price);
    if (Number.isFinite(qty) && qty > 0) jobValue.value = money(qty * price);
    syncBadge();
  }

  // AGG SMART's rule: an over-limit customer can't be booked; the badge supplies the signal.
  let blocked = false;
  badge.addEventListener("agg-credit-change", (event) => {
    blocked = event.detail.blocked === true;
    form.classList.toggle("over-limit", blocked);
    if (blocked) setStatus("Over the credit limit — this job can't be booked on account.", "error");
    else if (status.classList.contains("error")) setStatus("", "");
  });
  function setStatus(text, tone) {
    status.textContent = text;
    status.className = `status ${tone}`.trim();
  }

  customer.addEventListener("change", () => {
    setStatus("", "");
    syncBadge();
  });
  jobValue.addEventListener("input", syncBadge);
  material.addEventListener("change", reprice);
  quantity.addEventListener("input", reprice);

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const value = Number.parseFloat(jobValue.value.replace(/[£,\s]/g, ""));
    const site = form.querySelector("#site").value.trim();
    if (!site || !Number.isFinite(value) || value <= 0) {
      setStatus("Enter a delivery site and a job value before booking.", "error");
      return;
    }
    if (blocked) {
      setStatus(
        "Over the credit limit — take payment by card or ask an admin to allow over-credit.",
        "error",
      );
      return;
    }
    const next = Number(jobs.dataset.nextJob);
    jobs.dataset.nextJob = String(next + 1);
    const ref = `J-${next}`;
    const name = customer.selectedOptions[0].textContent.split(" — ")[1] ?? customer.value;
    const who = { ref: customer.value, name };
    jobs.prepend(jobRow(ref, who, site, selectedMaterial(), quantity.value, money(value), badge));
    count.textContent = `${jobs.children.length} jobs`;
    setStatus(`Booked ${ref} for ${name}.`, "ok");
  });
}

function cell(text, className) {
  const td = document.createElement("td");
  td.textContent = text;
  if (className) td.className = className;
  return td;
}

function span(text, className) {
  const s = document.createElement("span");
  s.textContent = text;
  s.className = className;
  return s;
}

function jobRow(ref, customer, site, materialOption, qty, value, badge) {
  const tr = document.createElement("tr");
  tr.dataset.job = ref;
  const jobCell = document.createElement("td");
  jobCell.className = "job-ref";
  const strong = document.createElement("strong");
  strong.textContent = ref;
  jobCell.append(strong);
  const customerCell = document.createElement("td");
  customerCell.append(span(customer.name, "cust"), span(customer.ref, "ref"));
  const payment = document.createElement("td");
  const el = document.createElement("agg-payment-status");
  el.setAttribute("job", ref);
  el.setAttribute("token", badge.getAttribute("token") ?? "");
  payment.append(el);
  tr.append(
    jobCell,
    customerCell,
    cell(site),
    cell(materialOption.value),
    cell(`${qty} ${materialOption.dataset.unit}`, "num"),
    cell(`£${value}`, "num"),
    payment,
  );
  return tr;
}
