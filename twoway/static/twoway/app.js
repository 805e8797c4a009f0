/* Small behaviours for every page, bound by data attributes rather than inline handlers, which the
   Content-Security-Policy forbids. Delegated from the document, so they also work in fragments
   htmx swaps in.
   - data-select-on-focus: the field's text is selected when it gets focus (a token to copy).
   - data-copy="#selector": the button copies that field's value and says "Copied" (in the page's
     language: base.html puts the word on <body data-copied>).
   - data-menu-toggle: the header's menu button, shown once this script runs (without it the links
     stay in view); it opens and closes the list its aria-controls names, and Escape closes it.
   - data-browser-timezone="UTC": a time zone <select> still at that default is set to the
     browser's zone (Intl), added as an option when the list lacks it. */
"use strict";

document.addEventListener("focusin", (event) => {
  const field = event.target.closest("[data-select-on-focus]");
  if (field) field.select();
});

document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-copy]");
  const field = button && document.querySelector(button.dataset.copy);
  if (!field) return;
  navigator.clipboard.writeText(field.value).then(() => {
    button.textContent = button.dataset.copied || document.body.dataset.copied || "Copied";
  });
});

document.querySelectorAll("[data-menu-toggle]").forEach((button) => {
  button.hidden = false;
});

function menuSet(button, open) {
  button.setAttribute("aria-expanded", String(open));
}

document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-menu-toggle]");
  if (button) menuSet(button, button.getAttribute("aria-expanded") !== "true");
});

document.addEventListener("keydown", (event) => {
  if (event.key !== "Escape") return;
  const button = document.querySelector('[data-menu-toggle][aria-expanded="true"]');
  if (!button) return;
  menuSet(button, false);
  button.focus();
});

document.querySelectorAll("select[data-browser-timezone]").forEach((select) => {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!zone || select.value !== select.dataset.browserTimezone) return;
  if (![...select.options].some((option) => option.value === zone)) {
    select.add(new Option(zone.replaceAll("_", " "), zone), 1);
  }
  select.value = zone;
});

// A visitor's times are shown in their browser's zone from their next page on (core/i18n.py).
(() => {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!zone || document.cookie.split("; ").includes(`tz=${encodeURIComponent(zone)}`)) return;
  document.cookie = `tz=${encodeURIComponent(zone)}; path=/; max-age=31536000; SameSite=Lax`;
})();
