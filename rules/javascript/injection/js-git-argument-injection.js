const { spawn, execFileSync } = require('child_process');
const childProcess = require('node:child_process');

function mirror(repoUrl, dir) {
  // ruleid: js-git-argument-injection
  const clone = spawn('git', ['clone', '--depth', '1', repoUrl, dir]);
  return clone;
}

function update(req, res) {
  // ruleid: js-git-argument-injection
  childProcess.execFileSync('git', ['fetch', req.body.remote]);
  res.end();
}

function safeMirror(repoUrl, dir) {
  // ok: js-git-argument-injection
  const clone = spawn('git', ['clone', '--depth', '1', '--', repoUrl, dir]);
  // ok: js-git-argument-injection
  const fixed = spawn('git', ['clone', 'https://git.example/app.git']);
  // ok: js-git-argument-injection
  const branch = execFileSync('git', ['checkout', '-b', dir]);
  // ok: js-git-argument-injection
  const status = execFileSync('git', ['status', '--porcelain', dir]);
  return [clone, fixed, branch, status];
}

function vendor(dir) {
  const { spawnSync } = require('node:child_process');
  return (pkg) => {
    // ruleid: js-git-argument-injection
    return spawnSync('git', ['submodule', 'add', pkg.repository, dir]);
  };
}

function pinned() {
  const upstream = 'https://git.example/upstream.git';
  return () => {
    // ok: js-git-argument-injection
    return spawn('git', ['fetch', upstream]);
  };
}

module.exports = { mirror, update, safeMirror, vendor, pinned };
