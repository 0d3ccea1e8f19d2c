/* The print version of a study: the button opens the browser's print dialog (no inline script). */
(function () {
  'use strict';
  var button = document.getElementById('print-now');
  if (button) { button.addEventListener('click', function () { window.print(); }); }
})();
