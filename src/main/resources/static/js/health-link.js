/* A SMART Health Link's page: "Copy the link" puts the link on the clipboard and says so. */
(function () {
  'use strict';
  document.querySelectorAll('[data-action="copy-shl"]').forEach(function (button) {
    button.addEventListener('click', function () {
      var field = document.getElementById(button.getAttribute('data-target'));
      var said = button.parentNode.querySelector('.shl-copied');
      var done = function () { if (said) { said.textContent = button.getAttribute('data-copied'); } };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(field.value).then(done, function () { field.select(); });
      } else {
        field.select();
        document.execCommand('copy');
        done();
      }
    });
  });
})();
