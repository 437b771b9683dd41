/**
 * lib/run/pool.js: the worker thread that runs the emulator's page session (lib/run/worker.js) for
 * npm run check. warm() starts it at once, so that it loads the emulator's page (jsdom: most of
 * check's time) while check reads the widget and loads its other rules; run(job) hands it the
 * session's job (lib/run/session.js) and resolves with the problems; release() ends a worker no
 * job came for. Where a worker cannot start, the session runs in place.
 */
'use strict';

const path = require('path');
const { Worker } = require('worker_threads');

const WORKER = path.join(__dirname, 'worker.js');

let early = null;

/** Starts the worker before there is a job; an unref'd worker never keeps the process alive. */
function warm() {
  if (early) return;
  try {
    const worker = new Worker(WORKER);
    worker.unref();
    worker.on('error', () => {}); // a job then gets a fresh worker (run), which reports it
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
 * Runs a session's job in the early worker, or a new one.
 * @param {object} job lib/run/session.js's job
 * @returns {Promise<Array>} its problems; rejects with the worker's error
 */
function run(job) {
  return new Promise((resolve, reject) => {
    let worker = early;
    early = null;
    try {
      if (worker) {
        worker.ref();
        worker.postMessage(job);
      } else {
        worker = new Worker(WORKER, { workerData: job });
      }
    } catch {
      resolve(require('./session').runSession(job));
      return;
    }
    worker.once('message', (message) => {
      worker.terminate();
      if (message.error) reject(new Error(message.error));
      else resolve(message.problems);
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the emulator's worker stopped (exit code ${code})`)));
  });
}

module.exports = { warm, release, run };
