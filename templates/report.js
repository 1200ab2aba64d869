// The issue table of secscan-report.html: built from the JSON block with createElement/textContent only
// (no HTML parsing of data anywhere), filtered and sorted in place. Allowed by the page's CSP through its SHA-256.
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('data').textContent);
  var RANK = { CRITICAL: 4, HIGH: 3, MEDIUM: 2, LOW: 1, INFO: 0 };
  var body = document.getElementById('issue-rows');
  var shown = document.getElementById('shown-count');

  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) { e.className = className; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }

  function location(issue) {
    if (!issue.file_path) { return ''; }
    return issue.line_number ? issue.file_path + ':' + issue.line_number : issue.file_path;
  }

  function detail(list, label, value) {
    if (value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0)) { return; }
    list.appendChild(el('dt', null, label));
    var dd = el('dd');
    if (label === 'Snippet') {
      dd.appendChild(el('pre', null, value));
    } else {
      dd.textContent = Array.isArray(value) ? value.join(label === 'Dependency path' ? ' > ' : ', ') : String(value);
    }
    list.appendChild(dd);
  }

  var rows = data.issues.map(function (issue, index) {
    var tr = document.createElement('tr');
    tr.setAttribute('data-severity', issue.severity);
    tr.setAttribute('data-type', issue.issue_type);
    tr.setAttribute('data-status', issue.status);
    var sev = el('td');
    sev.appendChild(el('span', 'badge sev-' + String(issue.severity).toLowerCase(), issue.severity));
    tr.appendChild(sev);
    tr.appendChild(el('td', null, issue.issue_type));
    tr.appendChild(el('td', null, issue.status));
    var titleCell = el('td');
    var details = el('details');
    details.appendChild(el('summary', 'issue-title', issue.title));
    var list = el('dl', 'detail');
    detail(list, 'Description', issue.description);
    detail(list, 'Snippet', issue.snippet);
    detail(list, 'Remediation', issue.remediation);
    if (issue.package_name) {
      detail(list, 'Package', issue.package_name + (issue.package_version ? ' ' + issue.package_version : '') + (issue.dev ? ' (dev)' : ''));
    }
    detail(list, 'Fixed in', issue.fixed_versions);
    detail(list, 'Dependency path', issue.dependency_path);
    detail(list, 'Rule', issue.rule_id);
    detail(list, 'Aliases', issue.aliases);
    detail(list, 'CVSS', issue.cvss_score !== null && issue.cvss_score !== undefined
      ? issue.cvss_score + (issue.cvss_vector ? ' ' + issue.cvss_vector : '') : null);
    detail(list, 'CWE', issue.cwe);
    detail(list, 'OWASP', issue.owasp);
    detail(list, 'References', issue.references);
    detail(list, 'First seen', issue.first_seen_at);
    detail(list, 'Fingerprint', issue.fingerprint);
    details.appendChild(list);
    titleCell.appendChild(details);
    tr.appendChild(titleCell);
    tr.appendChild(el('td', 'path issue-file', location(issue)));
    tr.appendChild(el('td', null, issue.vulnerability_id || issue.rule_id));
    body.appendChild(tr);
    return {
      tr: tr,
      index: index,
      issue: issue,
      keys: {
        severity: RANK[issue.severity] === undefined ? -1 : RANK[issue.severity],
        issue_type: String(issue.issue_type),
        status: String(issue.status),
        title: String(issue.title).toLowerCase(),
        file: location(issue).toLowerCase(),
        id: String(issue.vulnerability_id || issue.rule_id).toLowerCase()
      }
    };
  });

  var filters = {
    severity: document.getElementById('filter-severity'),
    type: document.getElementById('filter-type'),
    status: document.getElementById('filter-status'),
    file: document.getElementById('filter-file')
  };

  function applyFilters() {
    var sev = filters.severity.value;
    var type = filters.type.value;
    var status = filters.status.value;
    var text = filters.file.value.trim().toLowerCase();
    var count = 0;
    rows.forEach(function (r) {
      var ok = (!sev || r.issue.severity === sev) &&
        (!type || r.issue.issue_type === type) &&
        (!status || r.issue.status === status) &&
        (!text || String(r.issue.file_path || '').toLowerCase().indexOf(text) !== -1);
      r.tr.hidden = !ok;
      if (ok) { count += 1; }
    });
    shown.textContent = String(count);
  }

  Object.keys(filters).forEach(function (k) {
    filters[k].addEventListener(k === 'file' ? 'input' : 'change', applyFilters);
  });

  var headers = document.querySelectorAll('#issues th[data-sort]');
  Array.prototype.forEach.call(headers, function (th) {
    th.setAttribute('tabindex', '0');
    th.setAttribute('title', 'Sort by this column');
    function sortBy() {
      var key = th.getAttribute('data-sort');
      // Severity starts most severe first; other columns start A→Z.
      var first = key === 'severity' ? 'descending' : 'ascending';
      var current = th.getAttribute('aria-sort');
      var dir = current === first ? (first === 'ascending' ? 'descending' : 'ascending') : first;
      Array.prototype.forEach.call(headers, function (h) { h.removeAttribute('aria-sort'); });
      th.setAttribute('aria-sort', dir);
      var sign = dir === 'ascending' ? 1 : -1;
      rows.sort(function (a, b) {
        var x = a.keys[key];
        var y = b.keys[key];
        var c = x < y ? -1 : (x > y ? 1 : 0);
        return c !== 0 ? sign * c : a.index - b.index;
      });
      rows.forEach(function (r) { body.appendChild(r.tr); });
    }
    th.addEventListener('click', sortBy);
    th.addEventListener('keydown', function (e) {
      if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); sortBy(); }
    });
  });

  applyFilters();
}());
