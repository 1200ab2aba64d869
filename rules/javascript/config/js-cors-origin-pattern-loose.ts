import cors from 'cors';
import express from 'express';

const allowedOrigins = [
  // ruleid: js-cors-origin-pattern-loose
  /^https:\/\/app.example.com$/,
  // ok: js-cors-origin-pattern-loose
  /^https:\/\/admin\.example\.com$/,
  // ok: js-cors-origin-pattern-loose
  /(.+\.)*partner\.example$/,
];

const app = express();
// ruleid: js-cors-origin-pattern-loose
app.use('/api', cors({ origin: /^https:\/\/(www|shop).example.org$/, credentials: true }));
app.use('/v2', cors({ origin: allowedOrigins }));

// ok: js-cors-origin-pattern-loose
const routePattern = /^\/files\/.+.pdf$/;
// ok: js-cors-origin-pattern-loose
const hostnames = [/^cdn.example.net$/];

export { app, routePattern, hostnames };
