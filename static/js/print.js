/* The « Imprimer » buttons: <button data-print hidden>. Shown only when scripts run (without
 * them, the browser's own Print command does the same), they open the print dialog; the page's
 * print CSS lays the sheet out.
 */
(function () {
  "use strict";

  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      window.print();
    });
  });
})();
