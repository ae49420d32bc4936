// A form marked data-confirm posts to a destructive route. Without JavaScript the server answers
// such a post with its confirm page; here the same page is fetched as a fragment and shown in a
// native <dialog>, so the question and the one-time confirmation token come from the server
// alike. The dialog's own form is a plain post: confirming navigates, and the next page shows the
// flash. Cancel (a link back on the page) just closes the dialog.
(() => {
  function dialog() {
    let element = document.getElementById("confirm-dialog");
    if (!element) {
      element = document.createElement("dialog");
      element.id = "confirm-dialog";
      element.className = "confirm-dialog";
      element.setAttribute("aria-labelledby", "confirm-heading");
      document.body.append(element);
      element.addEventListener("click", (event) => {
        const cancel = event.target instanceof Element && event.target.closest("[data-confirm-cancel]");
        if (cancel) {
          event.preventDefault();
          element.close();
        }
      });
    }
    return element;
  }

  async function ask(form, submitter) {
    const body = new URLSearchParams(new FormData(form, submitter));
    const response = await fetch(form.action, {
      method: "POST",
      body,
      headers: { "HX-Request": "true" },
      credentials: "same-origin",
    });
    const shown = dialog();
    shown.innerHTML = await response.text();
    shown.showModal();
    const button = shown.querySelector("button[type=submit]");
    if (button) button.focus();
  }

  // Capture phase: this runs before htmx's own submit handling on the form.
  document.addEventListener(
    "submit",
    (event) => {
      const form = event.target;
      if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-confirm")) return;
      event.preventDefault();
      event.stopImmediatePropagation();
      ask(form, event.submitter).catch(() => form.submit());
    },
    true,
  );
})();
