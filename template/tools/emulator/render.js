/**
 * render.js: self.render in its forms (mechanics page), on the page's twig.js, with
 * include_control registered as a Twig function:
 *   self.render({data: 'The {{ x }}'}, params)                      → string, at once
 *   self.render({href: '/templates/x.twig', base_path: self.params.path, v, load: fn})
 *                                                                   → calls load(template) later
 *   self.render({href, base_path, v, promised: true})               → Promise of the template
 *   self.render({ref: '/tmpl/controls/<name>.twig'}, params)        → the control's HTML
 *   self.render({ref: '/tmpl/controls/<name>/<part>.twig'}, params) → an empty element of that part
 * A template's render(params) returns HTML. Templates come from the widget's folder (readWidgetFile):
 * the emulator serves base_path === self.params.path only, as the CRM serves the widget's own files.
 */
// An AMD module in a browser page (RequireJS), a CommonJS one in Node.
(typeof globalThis.define === 'function' && globalThis.define.amd ? globalThis.define : function (deps, factory) {
  module.exports = factory.apply(null, deps.map(function (id) { return require(id); }));
})(['./controls'], function (createControls) {
  'use strict';

  var CONTROL_REF = /^\/tmpl\/controls\/([a-z_]+)\.twig$/;
  // A control's own sub-template, e.g. /tmpl/controls/checkboxes_dropdown/item.twig (real widgets use them).
  var CONTROL_PART_REF = /^\/tmpl\/controls\/([a-z_]+)\/([A-Za-z0-9_-]+)\.twig$/;

  /**
   * @param {object} ctx {Twig, Promise, readWidgetFile(path) → Promise<string>, path(): params.path,
   *                      track(promise), fail(message, cause) → Error, warn(message)}
   */
  return function createRenderer(ctx) {
    var Twig = ctx.Twig;
    var controls = createControls(Twig);
    var Markup = null;
    Twig.extend(function (internal) {
      Markup = internal.Markup;
    });
    // Marked safe, so autoescaping templates keep the control's HTML.
    Twig.extendFunction('include_control', function (name, params) {
      return new Markup(controls.render(name, params));
    });

    function compile(source, label) {
      var template;
      try {
        template = Twig.twig({ data: source, rethrow: true });
      } catch (error) {
        throw ctx.fail(label + ': Twig cannot parse it: ' + (error && error.message), error);
      }
      // render() gives a plain string (twig.js may return a String object), as the CRM's templates do.
      var render = template.render;
      template.render = function (params) {
        try {
          return String(render.call(template, params || {}));
        } catch (error) {
          throw ctx.fail(label + ': rendering failed: ' + (error && error.message), error);
        }
      };
      return template;
    }

    function widgetFile(options) {
      var base = String(options.base_path === undefined ? '' : options.base_path).replace(/\/+$/, '');
      var path = String(ctx.path()).replace(/\/+$/, '');
      if (base !== path) {
        throw ctx.fail('self.render({href: ' + JSON.stringify(options.href) + '}): base_path must be self.params.path ' +
          '(the widget\'s folder), got ' + JSON.stringify(options.base_path));
      }
      if (options.v === undefined) {
        ctx.warn('self.render({href: ' + JSON.stringify(options.href) + '}): pass v: self.get_version(), or browsers ' +
          'keep the old template after you upload a new version');
      }
      return String(options.href).replace(/^\/+/, '').split('?')[0];
    }

    function load(file, options) {
      var pending = Promise.resolve()
        .then(function () { return ctx.readWidgetFile(file); })
        .then(function (source) { return compile(source, 'widget/' + file); }, function (error) {
          throw ctx.fail('self.render: cannot load widget/' + file + ' (href ' + JSON.stringify(options.href) + '): ' +
            (error && error.message), error, 'template-missing', 'widget/' + file);
        });
      ctx.track(pending);
      return pending;
    }

    var warnedParts = {};

    function render(options, params) {
      if (!options || typeof options !== 'object') {
        throw ctx.fail('self.render: the first argument must be an object: {data}, {href, base_path, v, load}, ' +
          '{href, base_path, v, promised: true} or {ref}');
      }
      if (options.data !== undefined) {
        if (typeof options.data !== 'string') {
          throw ctx.fail('self.render({data}): data must be the template text, got ' + typeof options.data);
        }
        return compile(options.data, 'self.render({data})').render(params);
      }
      if (options.ref !== undefined) {
        var control = CONTROL_REF.exec(String(options.ref));
        var part = CONTROL_PART_REF.exec(String(options.ref));
        if (part && controls.names.indexOf(part[1]) !== -1) {
          if (!warnedParts[options.ref]) {
            warnedParts[options.ref] = true;
            ctx.warn('self.render({ref: ' + JSON.stringify(options.ref) + '}): the emulator draws the CRM\'s sub-template ' +
              'as an empty <div class="' + part[1] + '__' + part[2] + '">; the CRM draws its own markup');
          }
          return '<div class="' + part[1] + '__' + part[2] + '"></div>';
        }
        if (!control) {
          throw ctx.fail('self.render({ref: ' + JSON.stringify(options.ref) + '}): the CRM\'s templates are ' +
            '/tmpl/controls/<control>.twig (' + controls.names.join(', ') + ')');
        }
        try {
          return controls.render(control[1], params);
        } catch (error) {
          throw ctx.fail(error.message, error);
        }
      }
      if (options.href !== undefined) {
        var file = widgetFile(options);
        if (options.promised) {
          return new ctx.Promise(function (resolve, reject) {
            load(file, options).then(resolve, reject);
          });
        }
        if (typeof options.load !== 'function') {
          throw ctx.fail('self.render({href: ' + JSON.stringify(options.href) + '}): give load: function (template) ' +
            '{...} or promised: true; the template arrives later');
        }
        load(file, options).then(function (template) {
          try {
            options.load(template);
          } catch (error) {
            ctx.fail('the load callback of self.render({href: ' + JSON.stringify(options.href) + '}) threw: ' +
              (error && error.message), error);
          }
        }, function () {
          // Already reported by load(): with a callback there is no promise to reject.
        });
        return undefined;
      }
      throw ctx.fail('self.render: give data (a template string), href (a file of the widget) or ref ' +
        '(/tmpl/controls/<control>.twig)');
    }

    return { render: render, compile: compile, controls: controls };
  };
});
