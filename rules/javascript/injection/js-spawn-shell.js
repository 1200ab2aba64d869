const { spawn, spawnSync, execFile } = require('child_process');

function run(dir) {
  // ruleid: js-spawn-shell
  spawn('ls', ['-lh', dir], { shell: true });
  // ruleid: js-spawn-shell
  spawnSync('ls', ['-lh', dir], { shell: '/bin/sh' });
  // ok: js-spawn-shell
  spawn('ls', ['-lh', dir]);
  // ok: js-spawn-shell
  execFile('ls', ['-lh', dir], { shell: false, cwd: '/tmp' });
}

module.exports = { run };
