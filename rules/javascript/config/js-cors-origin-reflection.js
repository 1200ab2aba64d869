const express = require('express');
const app = express();
const ALLOWED = new Set(['https://app.example.com']);

app.use((req, res, next) => {
  // ruleid: js-cors-origin-reflection
  res.setHeader('Access-Control-Allow-Origin', req.headers.origin);
  // ok: js-cors-origin-reflection
  res.setHeader('X-Request-Id', req.headers['x-request-id']);
  next();
});

app.get('/data', (req, res) => {
  const origin = req.query.origin;
  // ruleid: js-cors-origin-reflection
  res.writeHead(200, { 'Access-Control-Allow-Origin': origin });
  res.end('{}');
});

app.get('/checked', (req, res) => {
  const origin = req.headers.origin;
  if (ALLOWED.has(origin)) {
    // ok: js-cors-origin-reflection
    res.setHeader('Access-Control-Allow-Origin', origin);
  }
  res.end('{}');
});
