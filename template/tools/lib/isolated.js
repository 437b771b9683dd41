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
 *   spawn(workerFile, data?, {memoryMb}) -> Worker: started with its heap capped and its console
 *     output (the widget's) dropped; without data it waits for its job as a first message, so it
 *     can start before the job is known (lib/run/pool.js). Throws what new Worker throws.
 *   supervise(worker, {timeoutMs, memoryMb}) -> Promise of
 *     {message}   the first message the worker posted (then it is terminated), or
 *     {problem}   why it gave none: "did not finish within 10 s of CPU time: ..." (or 45 s of
 *                 wall-clock time), out of memory, stopped,
 *                 could not start; one line, for check to report as script-run.
 *     Never rejects.
 *   couldNotRun(error) -> that one line for a worker that could not start.
 */
'use strict';

const { Worker } = require('worker_threads');

const TIMEOUT_MS = 10000; // of CPU time
const WALL_FACTOR = 4.5; // the wall-clock limit, in TIMEOUT_MS
const MEMORY_MB = 512;
// The JavaScript heap is capped by the worker's resourceLimits; typed arrays and buffers live
// outside it, so the whole process's resident memory is watched too.
const PROCESS_MB = 1024;
const WATCH_MS = 10;

/**
 * Starts a worker thread under the memory limit, its console output dropped.
 * @param {string} workerFile the worker's module
 * @param {object} [data] its workerData (none: it waits for its job as a first message)
 * @returns {Worker}; throws what new Worker throws
 */
function spawn(workerFile, data, { memoryMb = MEMORY_MB } = {}) {
  const worker = new Worker(workerFile, {
    workerData: data,
    resourceLimits: { maxOldGenerationSizeMb: memoryMb },
    stdout: true, // the widget's console output is not check's
    stderr: true,
  });
  worker.stdout.resume();
  worker.stderr.resume();
  return worker;
}

/**
 * Waits for a running worker's first message under the time limit, watching the process's memory;
 * then terminates it.
 * @returns {Promise<{message}|{problem}>} never rejects
 */
function supervise(worker, { timeoutMs = TIMEOUT_MS, memoryMb = MEMORY_MB } = {}) {
  return new Promise((resolve) => {
    let settled = false;
    const finish = (outcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearInterval(watch);
      worker.terminate().then(() => resolve(outcome), () => resolve(outcome));
    };
    const endless = (limit) => ({ problem: `did not finish within ${limit}: an endless loop, perhaps in a Promise callback, a timer-free retry or a getter; fix it` });
    // The limit is CPU time (the process's, which is the worker's while check waits): a busy
    // machine slows a healthy widget's run down, never makes it fail. A worker stuck without
    // using the CPU meets the wall-clock limit.
    const cpuAtStart = process.cpuUsage();
    const timer = setTimeout(() => finish(endless(`${WALL_FACTOR * timeoutMs / 1000} s`)), WALL_FACTOR * timeoutMs);
    const watch = setInterval(() => {
      const cpu = process.cpuUsage(cpuAtStart);
      if ((cpu.user + cpu.system) / 1000 > timeoutMs) finish(endless(`${timeoutMs / 1000} s of CPU time`));
      else if (process.memoryUsage.rss() > PROCESS_MB * 1024 * 1024) finish({ problem: `took over ${PROCESS_MB} MB of memory: an endless loop that allocates? fix it` });
    }, WATCH_MS);
    worker.on('message', (message) => finish({ message }));
    worker.on('error', (error) => {
      finish({
        problem: error && error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? `ran out of memory (over ${memoryMb} MB): an endless loop that allocates? fix it`
          : couldNotRun(error),
      });
    });
    worker.on('exit', () => finish({ problem: 'stopped its run (process.exit?): fix it' }));
  });
}

function couldNotRun(error) {
  return `could not be run (${String((error && error.message) || error).split('\n')[0]}): fix it`;
}

module.exports = { spawn, supervise, couldNotRun, TIMEOUT_MS };
