// Progressive enhancement only: every journey works without this file.
import { initAll } from "./../dist/govuk-frontend.min.js";

initAll();

const AUTOSAVE_INTERVAL_MS = 3000;

function setStatus(status, text, failed) {
  status.textContent = text;
  status.classList.toggle("app-save-status--error", Boolean(failed));
}

function timeNow() {
  return new Date().toLocaleTimeString("en-GB", { hour: "numeric", minute: "2-digit" });
}

// Saves changed answers every few seconds while the learner types, announcing the result.
function startAutosave(form) {
  const url = form.dataset.autosaveUrl;
  const status = document.getElementById("save-status");
  const fields = Array.from(form.querySelectorAll("textarea[data-autosave]"));
  if (!url || !status || fields.length === 0) return;
  // What the server sent, not the current value: anything typed before this script ran is unsaved.
  const lastSaved = new Map(fields.map((field) => [field, field.defaultValue]));
  let busy = false;

  const SIGNED_OUT = "You have been signed out, so your latest changes are NOT saved. Your text is still on this page: "
    + "to keep it, leave this page open, sign in again in a new tab, then come back here and it will be saved.";

  const SIGNED_OUT_AFTER_SAVING = "You have been signed out. Your answer was saved, but anything you type now is NOT saved: "
    + "to keep it, leave this page open, sign in again in a new tab, then come back here and it will be saved.";

  function post(field) {
    const body = new FormData();
    body.append("csrf_token", form.querySelector("input[name=csrf_token]").value);
    body.append("question", field.name);
    body.append("value", field.value);
    // A redirect would mean the sign-in page answered: never follow it and take that for a save.
    return fetch(url, {
      method: "POST", body, credentials: "same-origin", redirect: "manual", headers: { "X-Requested-With": "fetch" },
    });
  }

  // The server writes a saved draft to disk a moment after answering (database.write_together): if it then
  // stops answering, it may have lost power in that moment, so every answer on the page goes again once it is back.
  function sendAllAgain() {
    fields.forEach((field) => lastSaved.set(field, null));
  }

  // After signing in again elsewhere, the page's own token is stale; the server hands back a fresh one.
  function renewToken(token) {
    document.querySelectorAll("input[name=csrf_token]").forEach((input) => { input.value = token; });
  }

  async function saveField(field) {
    const value = field.value;
    let response = await post(field);
    let result = await response.json().catch(() => ({}));
    if (response.status === 400 && result.csrf_token) {
      renewToken(result.csrf_token);
      response = await post(field);
      result = await response.json().catch(() => ({}));
    }
    if (response.type === "opaqueredirect" || response.status === 401 || response.status === 403) {
      if (result.saved === true) lastSaved.set(field, value);
      setStatus(status, result.saved === true ? SIGNED_OUT_AFTER_SAVING : SIGNED_OUT, true);
      return false;
    }
    if (!response.ok || result.saved !== true) {
      if (response.status >= 500) sendAllAgain();
      setStatus(status, `Your latest changes could not be saved: ${result.error || "try again"}. Your text is still on this page: select Save and continue to save it.`, true);
      return false;
    }
    lastSaved.set(field, value);
    setStatus(status, `Saved at ${timeNow()}`, false);
    document.dispatchEvent(new CustomEvent("app:activity", { detail: { secondsLeft: result.idle_seconds_left } }));
    return true;
  }

  async function saveChanged() {
    if (busy) return;
    busy = true;
    try {
      for (const field of fields) {
        if (field.value === lastSaved.get(field)) continue;
        if (!(await saveField(field))) return;
      }
    } catch (error) {
      sendAllAgain();
      setStatus(status, "Your latest changes could not be saved because the connection was lost. Your text is still on this page: keep it open and we will try again, or select Save and continue.", true);
    } finally {
      busy = false;
    }
  }

  window.setInterval(saveChanged, AUTOSAVE_INTERVAL_MS);
  form.addEventListener("submit", () => fields.forEach((field) => lastSaved.set(field, field.value)));
}

// Warns before the idle timeout and lets the person stay signed in (WCAG 2.2.1).
function startTimeoutWarning(dialog) {
  const timeout = Number(dialog.dataset.timeoutSeconds) * 1000;
  const warning = Number(dialog.dataset.warningSeconds) * 1000;
  const countdown = document.getElementById("timeout-dialog-countdown");
  let deadline;
  let warnTimer;
  let tick;

  // The server records activity at most once a minute, so it says how long is left rather than the full timeout.
  function schedule(secondsLeft) {
    const left = Number.isFinite(secondsLeft) ? secondsLeft * 1000 : timeout;
    deadline = Date.now() + left;
    window.clearTimeout(warnTimer);
    warnTimer = window.setTimeout(warn, Math.max(left - warning, 0));
  }

  function warn() {
    if (!dialog.open) dialog.showModal();
    tick = window.setInterval(() => {
      const left = Math.max(0, Math.round((deadline - Date.now()) / 1000));
      const minutes = Math.floor(left / 60);
      const seconds = left % 60;
      countdown.textContent = minutes > 0 ? `${minutes} minute${minutes === 1 ? "" : "s"} ${seconds} seconds` : `${seconds} seconds`;
      if (left === 0) {
        window.clearInterval(tick);
        window.location.href = dialog.dataset.signInUrl;
      }
    }, 1000);
  }

  document.getElementById("timeout-dialog-stay").addEventListener("click", async () => {
    const body = new FormData();
    const token = document.querySelector("input[name=csrf_token]");
    if (token) body.append("csrf_token", token.value);
    await fetch(dialog.dataset.keepAliveUrl, {
      method: "POST", body, credentials: "same-origin", headers: { "X-Requested-With": "fetch" },
    });
    window.clearInterval(tick);
    dialog.close();
    schedule();
  });
  document.addEventListener("app:activity", (event) => schedule(event.detail?.secondsLeft));
  schedule(Number(dialog.dataset.secondsLeft));
}

const autosaveForms = document.querySelectorAll("form[data-autosave-url]");
autosaveForms.forEach(startAutosave);
// A page shown in answer to a post would re-send that older text on reload, over what autosave saved since:
// making this history entry a plain GET means a reload shows the saved answers instead.
if (autosaveForms.length > 0) window.history.replaceState(null, "", window.location.href);
const dialog = document.getElementById("timeout-dialog");
if (dialog) startTimeoutWarning(dialog);
