const puppeteer = require('puppeteer');
const { chromium } = require('playwright');

async function render(url, port) {
  // ruleid: js-browser-devtools-exposed
  const browser = await puppeteer.launch({ args: ['--remote-debugging-address=0.0.0.0', '--no-sandbox'] });
  const page = await browser.newPage();
  await page.goto('https://status.example/health');
  await browser.close();
  // ruleid: js-browser-devtools-exposed
  const other = await chromium.launch({ args: [`--remote-debugging-port=${port}`] });
  // ok: js-browser-devtools-exposed
  const quiet = await chromium.launch({ args: ['--no-sandbox', '--disable-gpu'] });
  // ok: js-browser-devtools-exposed
  const plain = await puppeteer.launch({ headless: true, pipe: true });
  return [other, quiet, plain, url];
}

module.exports = { render };
