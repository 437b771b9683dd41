/**
 * problems.js: what went wrong in a page session, and when the page is quiet. Errors (each an
 * EmulatorError naming the location, the npm run check rule it falls under and, when not
 * script.js, the widget's file) and warnings; the requests and template loads still pending;
 * settle() (resolves once they are done and the widget's callbacks on them have run) and
 * step(label, body) (runs a step of the emulator's API and fails with every problem it met).
 */
// An AMD module in a browser page (RequireJS), a CommonJS one in Node.
(typeof globalThis.define === 'function' && globalThis.define.amd ? globalThis.define : function (deps, factory) {
  module.exports = factory.apply(null, deps.map(function (id) { return require(id); }));
})([], function () {
  'use strict';

  // settle() gives up when each wait brings new work, this many times (a widget polling in a loop).
  var MAX_ROUNDS = 200;

  function messageOf(reason) {
    return reason && reason.message ? reason.message : String(reason);
  }

  // An error that reads well in a test report: the emulator's message, then the stack frames of
  // the widget and the test (the cause's, when the widget threw), without the emulator's own.
  function emulatorError(message, cause) {
    var error = new Error(message);
    error.name = 'EmulatorError';
    if (cause !== undefined) {
      error.cause = cause;
    }
    var stack = cause !== undefined && cause && cause.stack ? cause.stack : error.stack;
    var frames = String(stack || '').split('\n').filter(function (line) {
      return /^\s+at /.test(line) && !/[\\/](tools[\\/]emulator|node_modules)[\\/]/.test(line);
    });
    error.stack = 'EmulatorError: ' + message + (frames.length ? '\n' + frames.join('\n') : '');
    return error;
  }

  /**
   * @param {object} ctx {where() -> '[location] ' or '', observe(type, detail) (optional: told of
   *                      each 'error' and 'warning'), defer(fn) (runs fn after pending I/O),
   *                      explain(cause) -> a better message for what the widget threw, or null (optional)}
   * @returns {object} {errors, warnings, warningsByRule, fail(message, cause?, rule?, file?) -> Error, warn(message, rule?),
   *                    notify(type, detail), report(reason), track(promise), settle(), step(label, body)}
   */
  function createProblems(ctx) {
    var errors = [];
    var warnings = [];
    var warningsByRule = [];
    var pending = [];


    // rule: the npm run check rule the problem falls under (script-run when not given); file:
    // the widget's file it is about, when not script.js.
    function fail(message, cause, rule, file) {
      // A TypeError the emulator can say more about (an unknown APP member) reads as that.
      var better = cause !== undefined && typeof ctx.explain === 'function' ? ctx.explain(cause) : null;
      if (better) {
        message = message.indexOf(messageOf(cause)) !== -1 ? message.replace(messageOf(cause), better) : message + ': ' + better;
      }
      var error = emulatorError(ctx.where() + message, cause);
      error.rule = rule || 'script-run';
      if (file) {
        error.file = file;
      }
      errors.push(error);
      notify('error', error);
      return error;
    }

    // rule: the npm run check rule that reports this warning too (warningsByRule), if any.
    function warn(message, rule) {
      warnings.push(ctx.where() + message);
      if (rule) {
        warningsByRule.push({ rule: rule, message: ctx.where() + message });
      }
      notify('warning', ctx.where() + message);
    }

    // Tells the page's own UI (the preview) what happened; a failing observer changes nothing.
    function notify(type, detail) {
      if (typeof ctx.observe === 'function') {
        try {
          ctx.observe(type, detail);
        } catch {
          // The observer is the caller's: its errors are not the widget's.
        }
      }
    }

    // Errors the page reports (uncaught exceptions, unhandled rejections) join the list once.
    function report(reason) {
      if (errors.indexOf(reason) !== -1) {
        return;
      }
      if (reason && reason.cause && errors.indexOf(reason.cause) !== -1) {
        return;
      }
      var located = String(reason && reason.stack || '').split('\n')[0];
      fail('the widget left an error uncaught: ' + messageOf(reason) +
        (located && located.indexOf(messageOf(reason)) === -1 ? ' (' + located + ')' : ''), reason);
    }

    function track(promise) {
      pending.push(promise);
      var forget = function () {
        pending.splice(pending.indexOf(promise), 1);
      };
      promise.then(forget, forget);
      return promise;
    }

    // Resolves once every request and template load the emulator started has finished, and
    // the widget's own callbacks on them have run.
    function settle() {
      var rounds = 0;
      return new Promise(function (resolve) {
        (function loop() {
          var waiting = pending.slice();
          Promise.all(waiting.map(function (promise) {
            return promise.then(null, function () {});
          })).then(function () {
            ctx.defer(function () {
              if (!pending.length) {
                resolve();
              } else if ((rounds += 1) > MAX_ROUNDS) {
                fail('the widget keeps starting requests or template loads (' + MAX_ROUNDS + ' rounds, each ' +
                  'answered by another): the page never settles');
                resolve();
              } else {
                loop();
              }
            });
          });
        })();
      });
    }

    // Runs a step of the emulator's API; fails with every problem recorded meanwhile.
    function step(label, body) {
      var mark = errors.length;
      return Promise.resolve().then(body).then(function (result) {
        return settle().then(function () { return result; });
      }, function (error) {
        if (errors.indexOf(error) === -1) {
          errors.push(error);
          notify('error', error);
        }
        return settle().then(function () { throw error; });
      }).then(function (result) {
        var fresh = errors.slice(mark);
        if (!fresh.length) {
          return result;
        }
        if (fresh.length === 1) {
          throw fresh[0];
        }
        var combined = emulatorError(label + ': ' + fresh.length + ' problems:\n' + fresh.map(function (error, index) {
          return '  ' + (index + 1) + '. ' + error.message;
        }).join('\n'), fresh[0]);
        combined.errors = fresh;
        throw combined;
      });
    }

    return {
      errors: errors, warnings: warnings, warningsByRule: warningsByRule, fail: fail, warn: warn, notify: notify, report: report,
      track: track, settle: settle, step: step
    };
  }

  return { createProblems: createProblems, emulatorError: emulatorError, messageOf: messageOf };
});
