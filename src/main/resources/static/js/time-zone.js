// Sends the browser's time zone with the sign-in form (issue 16): an account without a zone takes it at sign-in.
(function () {
  var field = document.getElementById('browser-time-zone');
  if (!field || typeof Intl === 'undefined' || !Intl.DateTimeFormat) {
    return;
  }
  try {
    field.value = Intl.DateTimeFormat().resolvedOptions().timeZone || '';
  } catch (e) {
    field.value = '';
  }
}());
