/**
 * lib/run/pool.js: the worker thread that runs the emulator's page session (lib/run/worker.js) for
 * npm run check, under check's time and memory limit (lib/isolated.js). warm() starts it at once,
 * so that it loads the emulator's page (jsdom: most of check's time) while check reads the widget
 * and loads its other rules; run(job) hands it the session's job (lib/run/session.js) and resolves
 * with {message: {problems} | {error}} or {problem: one line} (time or memory limit passed, worker
 * stopped), never rejects; release() ends a worker no job came for.
 */
'use strict';

const path = require('path');
const { spawn, supervise, couldNotRun } = require('../isolated');

const WORKER = path.join(__dirname, 'worker.js');

let early = null;

/** Starts the worker before there is a job; an unref'd worker never keeps the process alive. */
function warm() {
  if (early) return;
  try {
    const worker = spawn(WORKER);
    worker.unref();
    worker.on('error', () => {}); // run() then starts a fresh worker, which reports it
    worker.once('exit', () => {
      if (early === worker) early = null;
    });
    early = worker;
  } catch {
    early = null;
  }
}

/** Ends the early worker if no job came for it. */
function release() {
  if (early) early.terminate();
  early = null;
}

/**
 * Runs a session's job in the early worker, or a new one, under the limits.
 * @param {object} job lib/run/session.js's job
 * @returns {Promise<{message}|{problem}>} as lib/isolated.js's supervise
 */
function run(job) {
  let worker = early;
  early = null;
  try {
    if (worker) {
      worker.ref();
      worker.postMessage(job);
    } else {
      worker = spawn(WORKER, job);
    }
  } catch (error) {
    return Promise.resolve({ problem: couldNotRun(error) });
  }
  return supervise(worker);
}

module.exports = { warm, release, run };
