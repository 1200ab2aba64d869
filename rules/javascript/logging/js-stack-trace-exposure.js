const express = require('express');

const app = express();

app.get('/export', async (req, res) => {
  try {
    res.json(await doExport());
  } catch (err) {
    // ruleid: js-stack-trace-exposure
    res.status(500).send(err.stack);
  }
});

app.get('/export2', async (req, res) => {
  try {
    res.json(await doExport());
  } catch (err) {
    console.error(err);
    // ok: js-stack-trace-exposure
    res.status(500).json({ error: 'internal error' });
  }
});

async function doExport() {
  return [];
}
