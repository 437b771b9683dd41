/**
 * send-file.js: a file's content as the dev server (tools/dev.js) answers a request for it: the
 * widget's JavaScript, a widget folder outside the project, the preview's libraries. A file can
 * be deleted, replaced or truncated while it is read (an editor saving, a build, git switching
 * branches): the answer is then one clean line, and the server keeps running.
 *
 *   sendFile(res, file, headers, name) -> undefined
 *     res: the http.ServerResponse; file: an absolute path; headers: {name: value}, set once the
 *     file is open as a regular file; name: how the line names the file (the request's path).
 *   Answers 404 with one line when the file is gone or no regular file by the time it is opened;
 *   500 with one line when it cannot be read before anything was sent. Once the body has started,
 *   a failed read ends the connection (the status line is gone by then). The file is opened once
 *   and read through that descriptor, so a file replaced after the open is never mixed in. Never
 *   throws; a closed connection stops the read and closes the file.
 */
'use strict';

const fs = require('fs');
// The file's open is not held up by a pipe put in its place (a pipe is then refused as no file).
const { OPEN_FLAGS } = require('./regular-file');

const GONE = new Set(['ENOENT', 'ENOTDIR', 'EISDIR', 'ELOOP', 'ENOTFILE']);

function fail(res, error, name) {
  if (res.headersSent || res.destroyed) {
    res.destroy();
    return;
  }
  const gone = GONE.has(error && error.code);
  res.statusCode = gone ? 404 : 500;
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.removeHeader('Last-Modified');
  res.end(gone
    ? `${name} is not there: it was deleted or moved, or it is no regular file; reload the page once it is back\n`
    : `${name} could not be read (${(error && error.code) || 'read error'}); save it again and reload the page\n`);
}

function sendFile(res, file, headers, name) {
  fs.open(file, OPEN_FLAGS, (openError, fd) => {
    if (openError) {
      fail(res, openError, name);
      return;
    }
    fs.fstat(fd, (statError, stat) => {
      if (statError || !stat.isFile()) {
        fs.close(fd, () => {});
        fail(res, statError || { code: 'ENOTFILE' }, name);
        return;
      }
      const stream = fs.createReadStream(null, { fd, autoClose: true });
      stream.on('error', (error) => fail(res, error, name));
      res.on('close', () => stream.destroy());
      for (const [header, value] of Object.entries(headers)) res.setHeader(header, value);
      stream.pipe(res);
    });
  });
}

module.exports = { sendFile };
