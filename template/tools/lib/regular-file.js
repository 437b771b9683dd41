/**
 * regular-file.js: opening and reading a file of the developer's disk that must be a regular
 * file. The open never waits on a pipe put in the file's place, and never follows a link unless
 * asked; stat and read go through one descriptor, so what is read is the file the stat describes
 * even when the path is replaced meanwhile. No dependencies (the conflicts guard and update run
 * before npm install).
 *
 *   OPEN_FLAGS                                 read-only, non-blocking (for fs.open)
 *   openRegular(file, {follow = false}) -> {fd, stat}
 *     throws the open's error (code ENOENT, ELOOP for a link when not following, ...) or an
 *     Error with code ENOTFILE for a pipe, a device or a folder (the descriptor is then closed).
 *     The caller closes fd.
 *   readAll(fd, size) -> Buffer                up to `size` bytes from the start (fewer when the
 *                                              file shrank since its stat)
 */
'use strict';

const fs = require('fs');

const OPEN_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK || 0);

function openRegular(file, { follow = false } = {}) {
  const fd = fs.openSync(file, OPEN_FLAGS | (follow ? 0 : fs.constants.O_NOFOLLOW || 0));
  let stat;
  try {
    stat = fs.fstatSync(fd);
  } catch (error) {
    fs.closeSync(fd);
    throw error;
  }
  if (!stat.isFile()) {
    fs.closeSync(fd);
    throw Object.assign(new Error(`${file} is not a regular file`), { code: 'ENOTFILE' });
  }
  return { fd, stat };
}

function readAll(fd, size) {
  const bytes = Buffer.alloc(size);
  let read = 0;
  while (read < bytes.length) {
    const n = fs.readSync(fd, bytes, read, bytes.length - read, read);
    if (n === 0) break;
    read += n;
  }
  return read === bytes.length ? bytes : bytes.subarray(0, read);
}

module.exports = { OPEN_FLAGS, openRegular, readAll };
