const { exec, execFile, spawn } = require('child_process');
const cp = require('node:child_process');
const express = require('express');

const app = express();

app.get('/convert', (req, res) => {
  const file = req.query.file;
  // ruleid: js-command-injection
  exec(`convert ${file} out.png`, () => res.end());
  // ok: js-command-injection
  execFile('convert', ['--', file, 'out.png'], () => res.end());
  // ruleid: js-command-injection
  cp.execSync('ls ' + req.query.dir);
  // ruleid: js-command-injection
  spawn(req.query.tool, ['--version']);
  // ruleid: js-command-injection
  spawn('git', ['log', req.query.ref], { shell: true });
  // ok: js-command-injection
  spawn('git', ['log', req.query.ref]);
  // ok: js-command-injection
  exec('uptime', () => res.end());
});

function viaShell(userInput) {
  // ruleid: js-command-injection
  cp.spawnSync('bash', ['-c', userInput]);
  // ok: js-command-injection
  cp.spawnSync('git', ['-c', 'core.pager=cat', 'log']);
}

function run(cmd) {
  // ruleid: js-command-injection
  return cp.execSync(cmd);
}

module.exports = { run, viaShell };

// an AWS Lambda handler: its event is the request
module.exports.handler = async (event) => {
  // ruleid: js-command-injection
  exec(`convert ${event.queryStringParameters.file} thumbnail.png`);
  // ok: js-command-injection
  execFile('convert', [event.queryStringParameters.file, 'thumbnail.png']);
};
