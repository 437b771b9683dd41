/**
 * templates.js: loads the widget's Twig templates (templates/<name>.twig).
 *
 * Call it once with the widget (`createTemplates(self)` in script.js); the function it
 * returns takes a template name and gives a Promise of the compiled template, whose
 * render(params) returns HTML. As documented on the platform's "mechanics" page.
 */
define(function () {
  'use strict';

  var instance = null;

  return function (context) {
    if (!instance && context) {
      instance = context;
    }

    return function (template) {
      return instance.render({
        href: '/templates/' + template + '.twig',
        base_path: instance.params.path,
        v: instance.get_version(),
        promised: true
      });
    };
  };
});
