/**
 * dev-guard.js: what `npm run dev` may answer, and to whom. Any page the developer's browser
 * opens can send requests to 127.0.0.1, so the dev server answers only what the preview and the
 * development upload need, and nothing else of the project (.copier-answers.yml, .npmrc, .env,
 * node_modules/, a link in widget/ to /etc/passwd):
 *   - /, /index.html, /__preview/* (tools/dev.js answers them), /@vite/client and /@vite/env,
 *     and /@fs/ only for files inside `clientDirs` (Vite's client imports its env.mjs so);
 *   - /tools/preview/* and /tools/emulator/*: regular files really inside those folders, and
 *     /tools/lib/platform.js (the preview's model of the platform);
 *   - /widget/*: only the files of the upload set of the widget folder (widget/, or package.json
 *     widget.dir for an existing widget) (tools/lib/upload-set.js: no links, no hidden
 *     files, no node_modules/), the files widget.zip would hold; these alone get CORS headers, and
 *     only for the account pages of amoCRM and Kommo (the development upload loads them there).
 * Anything else is 404; a request target that is not a path (`http://[/`, bad %-escapes, a NUL)
 * is 400. Never throws: a bad request never stops the server.
 *
 *   devGuard(projectDir, {crmOrigin: RegExp, clientDirs: [absolute folder], widgetDir})
 *     -> connect middleware (req, res, next)
 *   guardRequestTargets(httpServer)   answers 400 to a bad request target before anything else
 *                                     sees it (connect's URL parsing throws out of the server on
 *                                     `GET http://[/`, which would stop it).
 */
'use strict';

const fs = require('fs');
const path = require('path');
const { uploadSet } = require('./upload-set');

const PAGES = new Set(['/', '/index.html', '/@vite/client', '/@vite/env']);
const TOOLS = ['tools/preview', 'tools/emulator'];
const TOOL_FILES = new Set(['tools/lib/platform.js', 'tools/platform.json']);

function refuse(res, status, text) {
  res.statusCode = status;
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.end(`${text}\n`);
}

// The decoded path segments of a request target, or null when it is not a plain path.
function segments(target) {
  if (typeof target !== 'string' || !target.startsWith('/') || target.startsWith('//')) return null;
  let pathname;
  try {
    pathname = decodeURIComponent(new URL(target, 'http://localhost').pathname);
  } catch {
    return null;
  }
  const parts = pathname.split('/').slice(1);
  if (parts.some((part) => part === '..' || part === '.' || part.includes('\0') || part.includes('\\'))) return null;
  return { pathname, parts };
}

// Whether project/rel is a regular file whose real path stays inside project/root.
function fileInside(project, root, rel) {
  try {
    const real = fs.realpathSync(path.join(project, rel));
    const base = fs.realpathSync(path.join(project, root));
    return real.startsWith(base + path.sep) && fs.statSync(real).isFile();
  } catch {
    return false; // missing, a loop, unreadable
  }
}

// The real path of a regular file, or null.
function realFile(file) {
  try {
    const real = fs.realpathSync(file);
    return fs.statSync(real).isFile() ? real : null;
  } catch {
    return null;
  }
}

function devGuard(projectDir, { crmOrigin, clientDirs = [], widgetDir: given }) {
  const project = path.resolve(projectDir);
  const widgetDir = given ? path.resolve(given) : path.join(project, 'widget');
  const clients = clientDirs.map((dir) => {
    try {
      return fs.realpathSync(dir);
    } catch {
      return null;
    }
  }).filter(Boolean);
  return function guard(req, res, next) {
    try {
      const target = segments(req.url);
      if (!target) {
        refuse(res, 400, 'Bad request: the request target is not a path');
        return;
      }
      const { pathname, parts } = target;
      if (PAGES.has(pathname) || parts[0] === '__preview') {
        next();
        return;
      }
      const rel = parts.join('/');
      if (parts[0] === '@fs') {
        const real = realFile(pathname.slice('/@fs'.length));
        if (real && clients.some((dir) => real.startsWith(dir + path.sep))) next();
        else refuse(res, 404, 'Not found');
        return;
      }
      if (parts[0] === 'widget') {
        const file = parts.slice(1).join('/');
        if (!uploadSet(widgetDir).files.includes(file)) {
          refuse(res, 404, 'Not found: the dev server serves the files widget.zip would hold');
          return;
        }
        const origin = req.headers.origin;
        if (typeof origin === 'string' && crmOrigin.test(origin)) {
          res.setHeader('Access-Control-Allow-Origin', origin);
          res.setHeader('Vary', 'Origin');
          if (req.method === 'OPTIONS') {
            res.setHeader('Access-Control-Allow-Methods', 'GET, HEAD');
            const asked = req.headers['access-control-request-headers'];
            if (typeof asked === 'string' && /^[\w\-, ]*$/.test(asked)) res.setHeader('Access-Control-Allow-Headers', asked);
            res.statusCode = 204;
            res.end();
            return;
          }
        }
        next();
        return;
      }
      if (TOOL_FILES.has(rel) ? fileInside(project, 'tools', rel) : TOOLS.some((root) => rel.startsWith(`${root}/`) && fileInside(project, root, rel))) {
        next();
        return;
      }
      refuse(res, 404, 'Not found: the dev server serves the preview and widget/ only');
    } catch {
      refuse(res, 400, 'Bad request');
    }
  };
}

function guardRequestTargets(httpServer) {
  const listeners = httpServer.listeners('request');
  httpServer.removeAllListeners('request');
  httpServer.on('request', (req, res) => {
    if (!segments(req.url)) {
      refuse(res, 400, 'Bad request: the request target is not a path');
      return;
    }
    for (const listener of listeners) listener.call(httpServer, req, res);
  });
}

module.exports = { devGuard, guardRequestTargets };
