// Registration pages. On a phone the page opens at its top, far from the fields an error is
// about: the error summary is scrolled into view and focused (screen readers read it). A form
// marked data-unsaved-warning asks before the page is left with typing not yet sent (a link, the
// step names); its own buttons, "Back" and "Next" included, send the typing and so never ask.
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.getElementById("form-errors");
  if (summary) {
    summary.scrollIntoView({ block: "start" });
    summary.focus({ preventScroll: true });
  }
  document.querySelectorAll("form[data-unsaved-warning]").forEach((form) => {
    let typed = false;
    let sending = false;
    const mark = () => {
      typed = true;
    };
    form.addEventListener("input", mark);
    form.addEventListener("change", mark);
    form.addEventListener("submit", () => {
      sending = true;
    });
    window.addEventListener("beforeunload", (event) => {
      if (typed && !sending) {
        event.preventDefault();
        event.returnValue = "";
      }
    });
  });
});
