/* allauth's passkey script reports a failed browser prompt (closed, timed out, no passkey for this
   site) as an "allauth.error" event and otherwise only logs it. The page says so instead: the
   [data-webauthn-error] element is shown with the words it carries. */
"use strict";

document.addEventListener("allauth.error", (event) => {
  const box = document.querySelector("[data-webauthn-error]");
  if (!box) return;
  event.preventDefault();
  box.textContent = box.dataset.webauthnError;
  box.hidden = false;
});
