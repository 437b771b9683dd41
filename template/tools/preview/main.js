/**
 * main.js: starts the live preview. Reads the project's facts from the dev server (manifest,
 * rules, widget code, platform), gives RequireJS the CRM's modules by the ids the platform uses,
 * then hands over to preview.js.
 */
(function () {
  'use strict';

  // A browser page's globals, read from globalThis (tools/ lints as Node code).
  var window = globalThis;
  var document = window.document;

  function fail(message) {
    document.getElementById('pv-status').textContent = 'Not loaded';
    var alert = document.getElementById('crm-alert');
    alert.hidden = false;
    alert.textContent = message;
    document.documentElement.setAttribute('data-preview', 'error');
  }

  fetch('/__preview/project.json', { cache: 'no-store' }).then(function (response) {
    return response.json();
  }).then(function (project) {
    if (project.error) {
      fail(project.error + ' (fix it and save: the page reloads by itself)');
      return;
    }
    window.requirejs.config({
      paths: Object.assign({}, project.libraries, {
        emulator: '/tools/emulator', preview: '/tools/preview', 'lib/platform': '/tools/lib/platform'
      }),
      waitSeconds: 15
    });
    window.requirejs(['preview/preview'], function (preview) {
      preview.start(project);
    }, function (error) {
      fail('The preview could not load its modules: ' + error.message);
    });
  }, function (error) {
    fail('The dev server did not answer (' + error.message + '): is npm run dev still running?');
  });
})();
