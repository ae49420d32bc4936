// Progressive enhancement for file uploads: a form with data-direct-upload sends its file straight
// to storage (a presigned PUT) with a progress bar, then asks the app to check and keep it.
// Without this script the same form posts normally and the app streams the file to storage.
(() => {
  function fail(form, message) {
    const error = form.querySelector("[data-upload-error]");
    error.textContent = message;
    error.hidden = false;
    form.querySelector("[type=submit]").disabled = false;
  }

  async function post(url, form, fields) {
    const token = form.querySelector("input[name=_csrf]").value;
    const response = await fetch(url, {
      method: "POST",
      headers: { "x-csrf-token": token, accept: "application/json" },
      body: new URLSearchParams(fields),
      credentials: "same-origin",
    });
    const reply = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(reply.error || response.statusText);
    return reply;
  }

  function put(url, file, progress) {
    return new Promise((resolve, reject) => {
      const request = new XMLHttpRequest();
      request.open("PUT", url);
      request.upload.addEventListener("progress", (event) => {
        if (event.lengthComputable) progress.value = Math.round((event.loaded / event.total) * 100);
      });
      request.addEventListener("load", () =>
        request.status < 300 ? resolve() : reject(new Error(progress.dataset.failed || String(request.status))),
      );
      request.addEventListener("error", () => reject(new Error(progress.dataset.failed || "upload failed")));
      request.send(file);
    });
  }

  document.addEventListener("submit", async (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.dataset.directUpload) return;
    const file = form.querySelector("input[type=file]").files[0];
    // Nothing chosen: the plain post shows the form's own message.
    if (!file || !window.fetch) return;
    event.preventDefault();
    const progress = form.querySelector("progress");
    const fields = Object.fromEntries(
      [...new FormData(form).entries()].filter(([name, value]) => typeof value === "string" && name !== "_csrf"),
    );
    form.querySelector("[data-upload-error]").hidden = true;
    form.querySelector("[type=submit]").disabled = true;
    progress.hidden = false;
    progress.value = 0;
    try {
      const upload = await post(form.dataset.directUpload, form, { ...fields, name: file.name, size: file.size });
      await put(upload.uploadUrl, file, progress);
      const done = await post(upload.confirmUrl, form, fields);
      window.location.assign(done.location);
    } catch (error) {
      progress.hidden = true;
      fail(form, error.message);
    }
  });
})();
