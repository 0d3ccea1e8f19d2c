// Sends the browser's time zone with the sign-in, activation and registration forms (issue 16): a new account, or an
// account without a zone at sign-in, takes it when the server finds it among the zones a person may choose.
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
