// "Copy the link" buttons: shown only where the browser can copy; the field stays selectable
// by hand everywhere else.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("button[data-copy]").forEach((button) => {
    const field = document.getElementById(button.dataset.copy);
    if (!field || !navigator.clipboard) return;
    button.hidden = false;
    button.addEventListener("click", async () => {
      field.select();
      try {
        await navigator.clipboard.writeText(field.value);
        button.textContent = button.dataset.copied;
      } catch {
        // Copy refused (an insecure page, a permission): the text stays selected for Ctrl+C.
      }
    });
  });
  document.querySelectorAll("#invitation-url").forEach((field) => {
    field.addEventListener("focus", () => field.select());
  });
});
