/**
 * isolated.js: runs a check rule that executes the widget's own code in a worker thread, under a
 * time and memory limit the code cannot escape. vm's timeout covers synchronous code only: an
 * endless loop in a Promise callback (`Promise.resolve().then(function () { for (;;) {} })`), in
 * a getter check reads (`get callbacks() { for (;;) {} }`) or endless allocation would hang or
 * crash check. A worker is terminated from outside, whatever it runs; its heap is capped, and
 * the whole process's memory (typed arrays live outside the heap) is watched every 10 ms.
 *
 * This is no security boundary: the widget's code runs with the user's rights, as `npm test`
 * runs it. The limits only make sure check always ends with one line per problem.
 *
 *   isolated(rulePath, {timeoutMs, memoryMb}) -> async rule(widget, report)
 *     rulePath: absolute path of a rule module (module.exports = async (widget, report) => ...);
 *     the worker loads the widget again (tools/lib/widget.js) from widget.root and sends back
 *     the problems the rule reported; on timeout or lack of memory, one error on `file`.
 */
'use strict';

const { Worker, isMainThread, parentPort, workerData } = require('worker_threads');

const TIMEOUT_MS = 10000;
const MEMORY_MB = 512;
// The JavaScript heap is capped by the worker's resourceLimits; typed arrays and buffers live
// outside it, so the whole process's resident memory is watched too.
const PROCESS_MB = 1024;
const WATCH_MS = 10;

function isolated(rulePath, { file = 'widget/script.js', timeoutMs = TIMEOUT_MS, memoryMb = MEMORY_MB } = {}) {
  return function isolatedRule(widget, report) {
    return new Promise((resolve) => {
      const worker = new Worker(__filename, {
        workerData: { rulePath, root: widget.root },
        resourceLimits: { maxOldGenerationSizeMb: memoryMb },
        stdout: true, // the widget's console output is not check's
        stderr: true,
      });
      worker.stdout.resume();
      worker.stderr.resume();
      let settled = false;
      const finish = (problem) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        clearInterval(watch);
        if (problem) report.error(file, 'script-run', problem);
        worker.terminate().then(() => resolve(), () => resolve());
      };
      const timer = setTimeout(() => finish(`did not finish within ${timeoutMs / 1000} s: an endless loop, perhaps in a Promise callback, a timer-free retry or a getter; fix it`), timeoutMs);
      const watch = setInterval(() => {
        if (process.memoryUsage.rss() > PROCESS_MB * 1024 * 1024) finish(`took over ${PROCESS_MB} MB of memory: an endless loop that allocates? fix it`);
      }, WATCH_MS);
      worker.on('message', (message) => {
        if (message.problems) {
          for (const p of message.problems) report[p.severity === 'error' ? 'error' : 'warn'](p.file, p.rule, p.message, { line: p.line, col: p.col });
          finish(null);
        } else {
          finish(`could not be run (${message.failure}): fix it`);
        }
      });
      worker.on('error', (error) => {
        const why = error && error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? `ran out of memory (over ${memoryMb} MB): an endless loop that allocates? fix it`
          : `could not be run (${String((error && error.message) || error).split('\n')[0]}): fix it`;
        finish(why);
      });
      worker.on('exit', () => finish('stopped its run (process.exit?): fix it'));
    });
  };
}

async function runInWorker() {
  const { loadWidget } = require('./widget');
  const { createReport } = require('./report');
  const rule = require(workerData.rulePath);
  const widget = loadWidget(workerData.root);
  const report = createReport({ marketplace: widget.marketplace });
  try {
    await rule(widget, report);
  } catch (error) {
    parentPort.postMessage({ failure: String((error && error.message) || error).split('\n')[0] });
    return;
  }
  // Plain objects only: a problem built from the widget's values cannot carry a getter here.
  parentPort.postMessage({ problems: report.problems.map((p) => ({ ...p })) });
}

if (!isMainThread && workerData && workerData.rulePath) {
  runInWorker().catch((error) => parentPort.postMessage({ failure: String((error && error.message) || error).split('\n')[0] }));
}

module.exports = { isolated, TIMEOUT_MS };
