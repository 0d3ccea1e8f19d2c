/* The share confirmation page: "Print the card" prints the page, whose print stylesheet shows only the card. */
(function () {
  'use strict';
  document.querySelectorAll('[data-action="print-card"]').forEach(function (button) {
    button.addEventListener('click', function () { window.print(); });
  });
})();
