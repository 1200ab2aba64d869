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
  // ruleid: js-dom-xss
  $('#result').html('<p>' + location.hash + '</p>');
  // ruleid: js-dom-xss
  $(location.hash).addClass('active');
  // ok: js-dom-xss
  $('#result').text(location.hash);
}

export function render(el, html) {
  // ruleid: js-dom-xss
  el.innerHTML = '<div>' + html + '</div>';
  // ok: js-dom-xss
  el.textContent = html;
  // ok: js-dom-xss
  $(el).addClass('active');
}

angular.module('app').controller('Ctrl', function ($scope, $sce) {
  // ruleid: js-dom-xss
  $scope.trusted = $sce.trustAsHtml($scope.html);
  // ok: js-dom-xss
  $scope.fixed = $sce.trustAsHtml('<b>fixed</b>');
});

export function Comment({ html }) {
  const fromUrl = new URLSearchParams(location.search).get('c');
  // ruleid: js-dom-xss
  return <div dangerouslySetInnerHTML={{ __html: fromUrl }} />;
}
