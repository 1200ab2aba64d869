const express = require('express');
const puppeteer = require('puppeteer');
const wkhtmltopdf = require('wkhtmltopdf');
const CDP = require('chrome-remote-interface');

const app = express();

app.get('/shot', async (req, res) => {
  const browser = await puppeteer.launch();
  const page = await browser.newPage();
  // ruleid: js-browser-automation-injection
  await page.goto(`https://${req.query.host}/`);
  // ruleid: js-browser-automation-injection
  await page.setContent('<html>' + req.body.html + '</html>');
  // ruleid: js-browser-automation-injection
  await page.evaluate('render(' + req.query.q + ')');
  // ok: js-browser-automation-injection
  await page.evaluate((q) => window.render(q), req.query.q);
  // ok: js-browser-automation-injection
  await page.goto('https://status.example.com/');
  res.send(await page.screenshot());
});

async function runScript(page, script) {
  // ruleid: js-browser-automation-injection
  return page.evaluate(`(() => { ${script} })()`);
}

app.get('/pdf', (req, res) => {
  // ruleid: js-browser-automation-injection
  wkhtmltopdf(req.query.url).pipe(res);
});

async function renderWithDevTools(markup, frameId) {
  const client = await CDP();
  const { Page, Runtime } = client;
  // ruleid: js-browser-automation-injection
  await Page.setDocumentContent({ frameId, html: markup });
  // ok: js-browser-automation-injection
  await Page.setDocumentContent({ frameId, html: '<p>ready</p>' });
  // ruleid: js-browser-automation-injection
  await Runtime.evaluate({ expression: 'render(' + markup + ')' });
  // ok: js-browser-automation-injection
  await Page.navigate({ url: 'https://status.example/' });
  await client.close();
}

module.exports = { renderWithDevTools };
