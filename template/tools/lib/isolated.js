/**
 * isolated.js: runs a worker thread that executes the widget's own code (check's emulator
 * session, lib/run/worker.js) under a time and memory limit the code cannot escape. vm's timeout
 * covers synchronous code only: an endless loop in a Promise callback
 * (`Promise.resolve().then(function () { for (;;) {} })`), in a getter the emulator reads
 * (`get callbacks() { for (;;) {} }`) or endless allocation would hang or crash check. A worker is
 * terminated from outside, whatever it runs; its heap is capped, and the whole process's memory
 * (typed arrays live outside the heap) is watched every 10 ms.
 *
 * This is no security boundary: the widget's code runs with the user's rights, as `npm test`
 * runs it. The limits only make sure check always ends with one line per problem.
 *
 *   isolated(workerFile, data, {timeoutMs, memoryMb}) -> Promise of
 *     {message}   the first message the worker posted (then it is terminated), or
 *     {problem}   why it gave none: "did not finish within 10 s: ...", out of memory, stopped,
 *                 could not start; one line, for check to report as script-run.
 *   Never rejects. The widget's console output (the worker's stdout and stderr) is dropped.
 */
'use strict';

const { Worker } = require('worker_threads');

const TIMEOUT_MS = 10000;
const MEMORY_MB = 512;
// The JavaScript heap is capped by the worker's resourceLimits; typed arrays and buffers live
// outside it, so the whole process's resident memory is watched too.
const PROCESS_MB = 1024;
const WATCH_MS = 10;

function isolated(workerFile, data, { timeoutMs = TIMEOUT_MS, memoryMb = MEMORY_MB } = {}) {
  return new Promise((resolve) => {
    let worker;
    try {
      worker = new Worker(workerFile, {
        workerData: data,
        resourceLimits: { maxOldGenerationSizeMb: memoryMb },
        stdout: true, // the widget's console output is not check's
        stderr: true,
      });
    } catch (error) {
      resolve({ problem: `could not be run (${String((error && error.message) || error).split('\n')[0]}): fix it` });
      return;
    }
    worker.stdout.resume();
    worker.stderr.resume();
    let settled = false;
    const finish = (outcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearInterval(watch);
      worker.terminate().then(() => resolve(outcome), () => resolve(outcome));
    };
    const timer = setTimeout(() => finish({ problem: `did not finish within ${timeoutMs / 1000} s: an endless loop, perhaps in a Promise callback, a timer-free retry or a getter; fix it` }), timeoutMs);
    const watch = setInterval(() => {
      if (process.memoryUsage.rss() > PROCESS_MB * 1024 * 1024) finish({ problem: `took over ${PROCESS_MB} MB of memory: an endless loop that allocates? fix it` });
    }, WATCH_MS);
    worker.on('message', (message) => finish({ message }));
    worker.on('error', (error) => {
      finish({
        problem: error && error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? `ran out of memory (over ${memoryMb} MB): an endless loop that allocates? fix it`
          : `could not be run (${String((error && error.message) || error).split('\n')[0]}): fix it`,
      });
    });
    worker.on('exit', () => finish({ problem: 'stopped its run (process.exit?): fix it' }));
  });
}

module.exports = { isolated, TIMEOUT_MS };
