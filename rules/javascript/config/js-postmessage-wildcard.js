export function share(popup, data) {
  // ruleid: js-postmessage-wildcard
  popup.postMessage(data, '*');
  // ruleid: js-postmessage-wildcard
  window.parent.postMessage(JSON.stringify(data), '*');
  // ok: js-postmessage-wildcard
  popup.postMessage(data, 'https://app.example.com');
  // ok: js-postmessage-wildcard
  worker.postMessage(data);
}
