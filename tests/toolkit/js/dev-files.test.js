// The dev server's file answers (tools/lib/send-file.js) and its syntax check of the widget's
// JavaScript (tools/lib/widget-js.js syntaxErrors with a cache), in a generated project
// (EMULATOR_PROJECT): a file that goes away or fails while it is read gets one clean line and
// the server keeps answering; a request parses only the files that changed since the last one.
'use strict';

const { describe, test, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const { Readable } = require('node:stream');

const PROJECT = process.env.EMULATOR_PROJECT;
const { sendFile } = require(path.join(PROJECT, 'tools', 'lib', 'send-file.js'));
const { syntaxErrors } = require(path.join(PROJECT, 'tools', 'lib', 'widget-js.js'));
const acorn = require(require.resolve('acorn', { paths: [path.join(PROJECT, 'tools', 'lib')] }));

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dev-files-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

// A server that answers every request with sendFile of ?file=<name in dir>.
function serve() {
  const server = http.createServer((req, res) => {
    const name = new URL(req.url, 'http://127.0.0.1').searchParams.get('file');
    sendFile(res, path.join(dir, name), { 'Content-Type': 'text/plain; charset=utf-8' }, `/widget/${name}`);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

function get(server, name) {
  return new Promise((resolve) => {
    http.get({ host: '127.0.0.1', port: server.address().port, path: `/?file=${encodeURIComponent(name)}` }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => { body += chunk; });
      res.on('error', () => {});
      // complete: the whole body arrived (false when the server cut the connection).
      res.on('close', () => resolve({ status: res.statusCode, body, complete: res.complete }));
    }).on('error', (error) => resolve({ status: 0, body: '', complete: false, error: error.code || error.message }));
  });
}

// fs.createReadStream replaced, for one request, by a stream that fails as a disk or a swapped
// file does: before anything is read, or after the first chunk.
function failingReads(chunks, code) {
  const original = fs.createReadStream;
  fs.createReadStream = function (file, options) {
    fs.createReadStream = original;
    const real = original.call(fs, file, options);
    let sent = 0;
    const stream = new Readable({
      read() {
        if (sent < chunks.length) {
          this.push(chunks[sent++]);
        } else {
          // Once what was read is on its way to the browser.
          setTimeout(() => this.destroy(Object.assign(new Error('read failed'), { code })), sent ? 100 : 0);
        }
      },
    });
    stream.on('close', () => real.destroy());
    return stream;
  };
}

describe('sendFile', () => {
  test('a file is sent whole, with its headers', async () => {
    const server = await serve();
    fs.writeFileSync(path.join(dir, 'a.txt'), 'x'.repeat(200000));
    const answer = await get(server, 'a.txt');
    assert.equal(answer.status, 200);
    assert.equal(answer.body.length, 200000);
    server.close();
  });

  test('a file deleted after the caller looked (gone by the open): one 404 line, and the server goes on', async () => {
    const server = await serve();
    fs.writeFileSync(path.join(dir, 'gone.js'), 'var a = 1;');
    assert.ok(fs.statSync(path.join(dir, 'gone.js')).isFile()); // what the dev server checked
    fs.unlinkSync(path.join(dir, 'gone.js'));
    const answer = await get(server, 'gone.js');
    assert.equal(answer.status, 404);
    assert.equal(answer.body, '/widget/gone.js is not there: it was deleted or moved, or it is no regular file; reload the page once it is back\n');
    fs.writeFileSync(path.join(dir, 'b.txt'), 'still here');
    assert.deepEqual(await get(server, 'b.txt'), { status: 200, body: 'still here', complete: true });
    server.close();
  });

  test('a folder or a pipe in the file\'s place: 404, never a hang', async () => {
    const server = await serve();
    fs.mkdirSync(path.join(dir, 'folder.js'));
    assert.equal((await get(server, 'folder.js')).status, 404);
    const fifo = path.join(dir, 'pipe.js');
    require('node:child_process').execFileSync('mkfifo', [fifo]);
    assert.equal((await get(server, 'pipe.js')).status, 404);
    server.close();
  });

  test('a read that fails before anything is sent: one 500 line', async () => {
    const server = await serve();
    fs.writeFileSync(path.join(dir, 'c.txt'), 'content');
    failingReads([], 'EIO');
    const answer = await get(server, 'c.txt');
    assert.equal(answer.status, 500);
    assert.equal(answer.body, '/widget/c.txt could not be read (EIO); save it again and reload the page\n');
    assert.deepEqual(await get(server, 'c.txt'), { status: 200, body: 'content', complete: true });
    server.close();
  });

  test('a read that fails mid-body ends that connection only', async () => {
    const server = await serve();
    fs.writeFileSync(path.join(dir, 'd.txt'), 'content');
    failingReads([Buffer.from('first part ')], 'EIO');
    const answer = await get(server, 'd.txt');
    assert.equal(answer.status, 200);
    assert.equal(answer.body, 'first part ');
    assert.equal(answer.complete, false, 'a cut answer must not look complete');
    assert.deepEqual(await get(server, 'd.txt'), { status: 200, body: 'content', complete: true });
    server.close();
  });
});

describe('syntaxErrors with a cache', () => {
  const widget = path.join(dir, 'widget');
  fs.mkdirSync(widget, { recursive: true });

  // The files acorn parsed during fn(), by their first line.
  function parsed(fn) {
    const original = acorn.parse;
    const seen = [];
    acorn.parse = function (text, options) {
      seen.push(text.split('\n')[0]);
      return original.call(this, text, options);
    };
    try {
      return { result: fn(), seen: seen.sort() };
    } finally {
      acorn.parse = original;
    }
  }

  test('parses only what changed, and forgets deleted files', () => {
    fs.writeFileSync(path.join(widget, 'script.js'), '// script\nvar a = 1;');
    fs.writeFileSync(path.join(widget, 'broken.js'), '// broken\nvar b = ;');
    const cache = new Map();
    const first = parsed(() => syntaxErrors(widget, cache));
    assert.deepEqual(first.seen, ['// broken', '// script']);
    assert.deepEqual(first.result, [{ file: 'widget/broken.js', line: 2, column: 9, message: 'Unexpected token' }]);

    const again = parsed(() => syntaxErrors(widget, cache));
    assert.deepEqual(again.seen, []);
    assert.deepEqual(again.result, first.result);

    // A fix of the same size: another modification time.
    const later = new Date(Date.now() + 5000);
    fs.writeFileSync(path.join(widget, 'broken.js'), '// broken\nvar b = 2;');
    fs.utimesSync(path.join(widget, 'broken.js'), later, later);
    const fixed = parsed(() => syntaxErrors(widget, cache));
    assert.deepEqual(fixed.seen, ['// broken']);
    assert.deepEqual(fixed.result, []);

    fs.unlinkSync(path.join(widget, 'broken.js'));
    assert.deepEqual(syntaxErrors(widget, cache), []);
    assert.deepEqual([...cache.keys()], [path.join(widget, 'script.js')]);
  });

  test('without a cache, every call parses every file', () => {
    fs.writeFileSync(path.join(widget, 'script.js'), '// script\nvar a = 1;');
    assert.deepEqual(parsed(() => syntaxErrors(widget)).seen, ['// script']);
    assert.deepEqual(parsed(() => syntaxErrors(widget)).seen, ['// script']);
  });
});
