// The kiosk's small helpers, each switched on by markup: the on-screen number pad ([data-pad]),
// the return to the pictures (body[data-return-after]), the idle timer of a child's homework
// session (body[data-idle-seconds]) and the camera badge scanner ([data-camera]). Words come from the server in data attributes; nothing here is text.
(() => {
  // Number pad: digits and erase typed into the PIN field of the same form.
  document.addEventListener("click", (event) => {
    const key = event.target.closest("[data-pad] [data-key]");
    if (!key) return;
    const field = key.form?.querySelector("input[name=pin]");
    if (!field) return;
    if (key.dataset.key === "erase") field.value = field.value.slice(0, -1);
    else if (field.value.length < (field.maxLength > 0 ? field.maxLength : 8)) field.value += key.dataset.key;
  });

  // A kiosk screen for one child (the number pad, the welcome) goes back to the pictures after
  // this long without a touch.
  const returnAfter = Number(document.body.dataset.returnAfter);
  if (returnAfter > 0) {
    let back;
    const restartBack = () => {
      clearTimeout(back);
      back = setTimeout(() => window.location.assign("/kiosk"), returnAfter * 1000);
    };
    for (const name of ["pointerdown", "keydown"]) document.addEventListener(name, restartBack, { capture: true });
    restartBack();
  }

  // Homework on a kiosk: a minute without a touch or a key press ends it ("I'm finished").
  const idleSeconds = Number(document.body.dataset.idleSeconds);
  const finish = document.querySelector("form[data-idle-finish]");
  if (idleSeconds > 0 && finish) {
    let timer;
    let pinged = Date.now();
    const restart = () => {
      clearTimeout(timer);
      timer = setTimeout(() => finish.requestSubmit(), idleSeconds * 1000);
      // Typing a long answer is activity too: keep the session alive while the child works.
      if (Date.now() - pinged > 20_000) {
        pinged = Date.now();
        fetch("/kiosk/homework", { credentials: "same-origin" }).catch(() => {});
      }
    };
    for (const name of ["pointerdown", "keydown", "input", "scroll"]) {
      document.addEventListener(name, restart, { passive: true, capture: true });
    }
    restart();
  }

  // Camera scanning: the browser's BarcodeDetector where there is one, else the jsQR decoder,
  // fetched only now. The token goes into the badge field, as a USB scanner would type it.
  const button = document.querySelector("[data-camera]");
  if (!button || !navigator.mediaDevices?.getUserMedia) return;
  const form = button.form;
  const video = form.querySelector("[data-camera-video]");
  const status = form.querySelector("[data-camera-status]");
  button.hidden = false;

  function loadDecoder() {
    if (window.jsQR) return Promise.resolve(window.jsQR);
    return new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = document.body.dataset.decoder;
      script.onload = () => resolve(window.jsQR);
      script.onerror = reject;
      document.head.append(script);
    });
  }

  async function detector() {
    if ("BarcodeDetector" in window) {
      const formats = await window.BarcodeDetector.getSupportedFormats();
      if (formats.includes("qr_code")) {
        const native = new window.BarcodeDetector({ formats: ["qr_code"] });
        return async (source) => (await native.detect(source))[0]?.rawValue ?? null;
      }
    }
    const jsQR = await loadDecoder();
    const canvas = document.createElement("canvas");
    const context = canvas.getContext("2d", { willReadFrequently: true });
    return async (source) => {
      canvas.width = source.videoWidth;
      canvas.height = source.videoHeight;
      if (!canvas.width || !canvas.height) return null;
      context.drawImage(source, 0, 0);
      const pixels = context.getImageData(0, 0, canvas.width, canvas.height);
      return jsQR(pixels.data, pixels.width, pixels.height, { inversionAttempts: "dontInvert" })?.data ?? null;
    };
  }

  button.addEventListener("click", async () => {
    button.disabled = true;
    status.textContent = button.dataset.looking;
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "user" }, audio: false });
      video.srcObject = stream;
      video.hidden = false;
      await video.play();
      const read = await detector();
      const scan = async () => {
        const token = await read(video).catch(() => null);
        if (token?.startsWith("ALB")) {
          stream.getTracks().forEach((track) => track.stop());
          form.querySelector("input[name=badge]").value = token;
          form.requestSubmit();
          return;
        }
        setTimeout(scan, 150);
      };
      scan();
    } catch {
      status.textContent = button.dataset.unavailable;
      button.disabled = false;
    }
  });
})();
