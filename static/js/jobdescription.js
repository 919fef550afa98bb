// Print buttons on the job-description page (progressive enhancement: the print-preview link works without it).
document.querySelectorAll("[data-print]").forEach((button) => {
  button.addEventListener("click", () => window.print());
});
