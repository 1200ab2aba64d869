import DOMPurify from 'dompurify';

export function show() {
  const out = document.getElementById('out');
  // ruleid: js-dom-xss
  out.innerHTML = location.hash.slice(1);
  // ok: js-dom-xss
  out.textContent = location.hash.slice(1);
  // ok: js-dom-xss
  out.innerHTML = DOMPurify.sanitize(location.hash.slice(1));
  // ruleid: js-dom-xss
  document.write('<p>' + document.referrer + '</p>');
  // ruleid: js-dom-xss
  out.insertAdjacentHTML('beforeend', decodeURIComponent(location.search));
  // ok: js-dom-xss
  out.innerHTML = '<b>static</b>';
}

export function Comment({ html }) {
  const fromUrl = new URLSearchParams(location.search).get('c');
  // ruleid: js-dom-xss
  return <div dangerouslySetInnerHTML={{ __html: fromUrl }} />;
}
