const express = require('express');
const session = require('express-session');

const app = express();
// ruleid: js-session-defaults
app.use(session({ secret: process.env.SESSION_SECRET, resave: false, saveUninitialized: false }));
// ruleid: js-session-defaults
app.use(session({ name: 'sid', secret: process.env.SESSION_SECRET, saveUninitialized: true }));
// ok: js-session-defaults
app.use(session({ name: 'sid', secret: process.env.SESSION_SECRET, resave: false, saveUninitialized: false }));
