// ruleid: js-postmessage-origin-unchecked
window.addEventListener('message', (event) => {
  document.getElementById('title').textContent = event.data.title;
});

function onMessage(e) {
  run(e.data);
}
// ruleid: js-postmessage-origin-unchecked
window.addEventListener('message', onMessage, false);

// ok: js-postmessage-origin-unchecked
window.addEventListener('message', (event) => {
  if (event.origin !== 'https://app.example.com') {
    return;
  }
  run(event.data);
});

// ok: js-postmessage-origin-unchecked
window.addEventListener('click', (event) => run(event.target));

function run(x) {
  return x;
}
