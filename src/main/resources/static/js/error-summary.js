/* The error summary at the top of a form (fragments/forms.html :: error-summary): focus moves to it when the page
   loads, so it is announced and in view; its links focus the field they name (no inline script, CSP script-src 'self'). */
(function () {
  'use strict';
  var summary = document.getElementById('error-summary');
  if (!summary) { return; }
  summary.focus();
  summary.addEventListener('click', function (event) {
    var link = event.target.closest('a[href^="#"]');
    if (!link) { return; }
    var name = decodeURIComponent(link.getAttribute('href').substring(1));
    // The field of this form with that name first (a page may hold several forms with a "reason"), then the id.
    var form = summary.closest('form');
    var named = form ? form.elements.namedItem(name) : null;
    var target = named && !named.tagName ? named[0] : named;
    target = target || document.getElementById(name);
    if (!target) { return; }
    if (!target.matches('input, select, textarea, button')) {
      target = target.querySelector('input, select, textarea, button') || target;
    }
    event.preventDefault();
    var label = target.id ? document.querySelector('label[for="' + target.id + '"]') : null;
    (target.closest('fieldset') || label || target).scrollIntoView();
    target.focus({ preventScroll: true });
  });
})();
