// Profile form: preselect the browser's time zone when none is chosen yet.
(function () {
  "use strict";
  var select = document.getElementById("timezone");
  if (!select || select.value || !window.Intl) { return; }
  var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  for (var i = 0; i < select.options.length; i++) {
    if (select.options[i].value === zone) { select.value = zone; return; }
  }
}());
