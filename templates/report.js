// The interactive parts of secscan-report.html: the issue table and the inventory, built from the JSON block with
// createElement/textContent only (no HTML parsing of data anywhere), filtered and sorted in place, and the
// inventory's JSON export (a Blob the page downloads itself). Allowed by the page's CSP through its SHA-256.
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('data').textContent);
  var RANK = { CRITICAL: 4, HIGH: 3, MEDIUM: 2, LOW: 1, INFO: 0 };
  // A reference becomes a link only when it is an absolute http(s) URL with nothing in it that could end an
  // attribute or start markup; anything else (javascript:, data:, relative, with spaces or quotes) stays text.
  var WEB_URL = /^https?:\/\/[^\s"'<>`\\]+$/i;

  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) { e.className = className; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }

  function add(parent, child) {
    parent.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
    return parent;
  }

  // An id, a version or a package name in a table cell: kept whole, cut with an ellipsis past 22em (the whole
  // text in its tooltip and in the details).
  function idNode(tag, text) {
    var node = el(tag, tag === 'span' ? 'id' : null, text || '');
    if (text && String(text).length > 24) { node.title = String(text); }
    return node;
  }

  function isEmpty(value) {
    return value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
  }

  // ACCEPTED_RISK → "accepted risk".
  function words(value) {
    return String(value || '').toLowerCase().replace(/_/g, ' ');
  }

  // A path that may wrap after a slash, never inside a name: each part a span that does not wrap, <wbr> between.
  function pathNode(path, line) {
    var span = el('span', 'path');
    var parts = String(path || '').split('/');
    parts.forEach(function (part, i) {
      var last = i === parts.length - 1;
      add(span, el('span', null, last ? part + (path && line ? ':' + line : '') : part + '/'));
      if (!last) { add(span, document.createElement('wbr')); }
    });
    return span;
  }

  // Ids side by side, separated where a line may break; each id itself stays whole.
  function idList(ids, separator) {
    var span = el('span');
    ids.forEach(function (id, i) {
      if (i > 0) { add(span, separator || ', '); }
      add(span, el('span', 'id', id));
    });
    return span;
  }

  function reference(ref) {
    var text = String(ref);
    var url = null;
    if (WEB_URL.test(text)) {
      try { url = new URL(text); } catch (e) { url = null; }
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
      return el('span', 'ref-text', text);
    }
    var a = el('a', 'ref-link', text);
    a.rel = 'noopener noreferrer';
    a.target = '_blank';
    a.href = url.href;
    return a;
  }

  // The sort key of a version: lower case, runs of digits padded so that 1.10 sorts after 1.9.
  function natural(value) {
    return String(value || '').toLowerCase().replace(/\d+/g, function (d) { return d.padStart(12, '0'); });
  }

  // Orders rows ({ keys, index }) by one of their keys; the original order breaks ties.
  function compareRows(key, sign) {
    return function (a, b) {
      var x = a.keys[key];
      var y = b.keys[key];
      // Rows without a value go last, whichever the direction.
      if ((x === '') !== (y === '')) { return x === '' ? 1 : -1; }
      var c = x < y ? -1 : (x > y ? 1 : 0);
      return c !== 0 ? sign * c : a.index - b.index;
    };
  }

  // ───────────── the issue table ─────────────

  function location(issue) {
    if (!issue.file_path) { return ''; }
    return issue.line_number ? issue.file_path + ':' + issue.line_number : issue.file_path;
  }

  function mainId(issue) {
    return issue.vulnerability_id || issue.rule_id || '';
  }

  // "direct" or "transitive", and "dev": only for dependency findings.
  function scope(issue) {
    if (!issue.package_name) { return ''; }
    var direct = (issue.dependency_path || []).length <= 1;
    return (direct ? 'direct' : 'transitive') + (issue.dev ? ', dev' : '');
  }

  function triage(issue) {
    var parts = [];
    if (issue.status_reason) { parts.push(issue.status_reason); }
    if (issue.status_set_by) { parts.push('set by ' + issue.status_set_by); }
    if (issue.status_expires_at) { parts.push('until ' + issue.status_expires_at); }
    return parts.join(' \u00b7 ');
  }

  function detail(list, label, value) {
    if (isEmpty(value)) { return; }
    list.appendChild(el('dt', null, label));
    var dd = el('dd');
    if (value instanceof Node) {
      dd.appendChild(value);
    } else {
      dd.textContent = Array.isArray(value) ? value.join(', ') : String(value);
    }
    list.appendChild(dd);
  }

  function details(issue) {
    var list = el('dl', 'detail');
    detail(list, 'Description', issue.description);
    if (issue.snippet) { detail(list, 'Snippet', el('pre', null, issue.snippet)); }
    if (!isEmpty(issue.trace)) {
      // how untrusted data reached the sink: source first, every step with its line
      var flow = el('ol', 'trace');
      issue.trace.forEach(function (step) {
        var li = el('li', 'trace-' + step.kind);
        add(li, el('span', 'trace-kind', step.kind));
        add(li, ' line ' + step.line + ': ');
        add(li, el('code', null, step.note));
        flow.appendChild(li);
      });
      detail(list, 'Data flow', flow);
    }
    detail(list, 'Remediation', issue.remediation);
    if (issue.package_name) {
      var pkg = el('span');
      add(pkg, el('span', 'id', issue.package_name));
      if (issue.package_version) { add(pkg, ' '); add(pkg, el('code', null, issue.package_version)); }
      add(pkg, ' (' + [issue.ecosystem, scope(issue)].filter(Boolean).join(', ') + ')');
      detail(list, 'Package', pkg);
    }
    if (!isEmpty(issue.fixed_versions)) { detail(list, 'Fixed in', idList(issue.fixed_versions)); }
    if ((issue.dependency_path || []).length > 1) {
      detail(list, 'Dependency path', idList(issue.dependency_path, ' > '));
    }
    detail(list, 'Rule', issue.rule_id ? el('span', 'id', issue.rule_id) : null);
    if (!isEmpty(issue.aliases)) { detail(list, 'Aliases', idList(issue.aliases)); }
    detail(list, 'CVSS', issue.cvss_score !== null && issue.cvss_score !== undefined
      ? issue.cvss_score + (issue.cvss_vector ? ' ' + issue.cvss_vector : '') : null);
    if (!isEmpty(issue.cwe)) { detail(list, 'CWE', idList(issue.cwe)); }
    if (!isEmpty(issue.owasp)) { detail(list, 'OWASP', idList(issue.owasp)); }
    if (!isEmpty(issue.references)) {
      var refs = el('ul', 'references');
      issue.references.forEach(function (ref) { refs.appendChild(add(el('li'), reference(ref))); });
      detail(list, 'References', refs);
    }
    if (issue.status !== 'OPEN') {
      detail(list, 'Triage', words(issue.status) + (triage(issue) ? ': ' + triage(issue) : ''));
    }
    detail(list, 'First seen', issue.first_seen_at);
    detail(list, 'Short id', issue.id ? el('span', 'id', issue.id) : null);
    detail(list, 'Fingerprint', issue.fingerprint ? el('span', 'id', issue.fingerprint) : null);
    return list;
  }


  // One issue: a row, and below it a row with its details that its title button opens and closes.
  function issueRow(issue, index) {
    var tr = el('tr', 'issue');
    tr.setAttribute('data-severity', issue.severity);
    tr.setAttribute('data-type', issue.issue_type);
    tr.setAttribute('data-status', issue.status);
    tr.appendChild(add(el('td'), el('span', 'badge sev-' + String(issue.severity).toLowerCase(), issue.severity)));

    var more = el('tr', 'issue-detail');
    more.id = 'issue-detail-' + index;
    more.hidden = true;
    var moreCell = el('td');
    moreCell.colSpan = COLUMNS;
    moreCell.appendChild(details(issue));
    more.appendChild(moreCell);

    var titleCell = el('td', 'prose issue-main');
    var toggle = el('button', 'disclose');
    toggle.type = 'button';
    toggle.setAttribute('aria-expanded', 'false');
    toggle.setAttribute('aria-controls', more.id);
    toggle.appendChild(el('span', 'issue-title', issue.title));
    titleCell.appendChild(toggle);
    titleCell.appendChild(el('span', 'issue-type', (data.types || {})[issue.issue_type] || words(issue.issue_type)));
    tr.appendChild(titleCell);

    tr.appendChild(add(el('td', 'issue-id'), idNode('span', mainId(issue))));
    tr.appendChild(add(el('td', 'issue-package'), idNode('span', issue.package_name)));
    tr.appendChild(add(el('td', 'issue-version'), idNode('code', issue.package_version)));
    tr.appendChild(add(el('td', 'issue-fix'), idNode('code', (issue.fixed_versions || [])[0])));
    tr.appendChild(el('td', 'issue-scope', scope(issue)));
    tr.appendChild(el('td', 'issue-ecosystem', issue.ecosystem || ''));
    tr.appendChild(add(el('td', 'issue-file'), pathNode(issue.file_path, issue.line_number)));
    var status = add(el('td', 'issue-status'), el('span', 'status', words(issue.status)));
    if (triage(issue)) { status.appendChild(el('div', 'triage', triage(issue))); }
    tr.appendChild(status);
    tr.appendChild(add(el('td', 'issue-short'), el('code', null, issue.id || '')));
    var row = {
      tr: tr,
      more: more,
      toggle: toggle,
      shown: true,
      index: index,
      issue: issue,
      // What the id/package search looks in: the advisory id, every alias, the rule, the short id, the package.
      search: [issue.vulnerability_id, issue.rule_id, issue.id, issue.package_name].concat(issue.aliases || [])
        .filter(Boolean).map(function (s) { return String(s).toLowerCase(); }),
      keys: {
        severity: RANK[issue.severity] === undefined ? -1 : RANK[issue.severity],
        title: String(issue.title).toLowerCase(),
        id: mainId(issue).toLowerCase(),
        package: String(issue.package_name || '').toLowerCase(),
        version: natural(issue.package_version),
        fix: natural((issue.fixed_versions || [])[0]),
        scope: scope(issue),
        ecosystem: String(issue.ecosystem || '').toLowerCase(),
        file: location(issue).toLowerCase(),
        status: words(issue.status),
        short: String(issue.id || '').toLowerCase()
      }
    };
    toggle.addEventListener('click', function () { expand(row, toggle.getAttribute('aria-expanded') !== 'true'); });
    return row;
  }

  function expand(row, open) {
    row.toggle.setAttribute('aria-expanded', open ? 'true' : 'false');
    row.more.hidden = !(open && row.shown);
  }

  function place(row) {
    issueBody.appendChild(row.tr);
    issueBody.appendChild(row.more);
  }

  var issueBody = document.getElementById('issue-rows');
  var COLUMNS = document.querySelectorAll('#issues thead th').length;
  var issueRows = data.issues.map(issueRow);
  issueRows.forEach(place);

  var filters = {
    search: document.getElementById('filter-search'),
    severity: document.getElementById('filter-severity'),
    type: document.getElementById('filter-type'),
    status: document.getElementById('filter-status'),
    file: document.getElementById('filter-file')
  };

  function applyIssueFilters() {
    var query = filters.search.value.trim().toLowerCase();
    var sev = filters.severity.value;
    var type = filters.type.value;
    var status = filters.status.value;
    var text = filters.file.value.trim().toLowerCase();
    var count = 0;
    issueRows.forEach(function (r) {
      var ok = (!query || r.search.some(function (s) { return s.indexOf(query) !== -1; })) &&
        (!sev || r.issue.severity === sev) &&
        (!type || r.issue.issue_type === type) &&
        (!status || r.issue.status === status) &&
        (!text || String(r.issue.file_path || '').toLowerCase().indexOf(text) !== -1);
      r.shown = ok;
      r.tr.hidden = !ok;
      expand(r, r.toggle.getAttribute('aria-expanded') === 'true');
      if (ok) { count += 1; }
    });
    document.getElementById('shown-count').textContent = String(count);
  }

  Object.keys(filters).forEach(function (k) {
    filters[k].addEventListener(filters[k].tagName === 'INPUT' ? 'input' : 'change', applyIssueFilters);
  });

  // Column headers are buttons (focusable; Enter and Space press them); the sorted one carries aria-sort.
  var headers = document.querySelectorAll('#issues th[data-sort]');
  Array.prototype.forEach.call(headers, function (th) {
    var button = th.querySelector('button');
    button.setAttribute('title', 'Sort by ' + button.textContent.toLowerCase());
    button.addEventListener('click', function () {
      var key = th.getAttribute('data-sort');
      // Severity starts most severe first; other columns start A→Z.
      var first = key === 'severity' ? 'descending' : 'ascending';
      var current = th.getAttribute('aria-sort');
      var dir = current === first ? (first === 'ascending' ? 'descending' : 'ascending') : first;
      Array.prototype.forEach.call(headers, function (h) { h.removeAttribute('aria-sort'); });
      th.setAttribute('aria-sort', dir);
      issueRows.sort(compareRows(key, dir === 'ascending' ? 1 : -1));
      issueRows.forEach(place);
    });
  });

  // Open or close the details of every issue shown.
  var expandAll = document.getElementById('expand-all');
  expandAll.addEventListener('click', function () {
    var open = expandAll.getAttribute('aria-pressed') !== 'true';
    expandAll.setAttribute('aria-pressed', open ? 'true' : 'false');
    expandAll.textContent = open ? 'Close all details' : 'Open all details';
    issueRows.forEach(function (r) { expand(r, open); });
  });

  applyIssueFilters();

  // ───────────── the inventory ─────────────

  var inventory = data.inventory || [];
  var inventoryBody = document.getElementById('inventory-rows');

  var inventoryRows = inventory.map(function (p) {
    var tr = el('tr');
    tr.setAttribute('data-ecosystem', p.ecosystem);
    tr.appendChild(add(el('td'), el('span', 'eco', p.ecosystem)));
    tr.appendChild(add(el('td', 'inventory-name'), idNode('span', p.name)));
    var version = el('td', 'inventory-version');
    if (p.version) {
      version.appendChild(el('code', null, p.version));
    } else {
      // A range, a URL or a path: no installed version, so not looked up in the advisories.
      version.appendChild(el('code', 'muted', p.requirement || ''));
      add(version, ' ');
      var note = el('span', 'status', 'not checked');
      note.title = 'Not an exact version: not checked against advisories';
      version.appendChild(note);
    }
    tr.appendChild(version);
    tr.appendChild(add(el('td', 'inventory-file'), pathNode(p.file_path, p.line_number)));
    tr.appendChild(el('td', p.direct ? null : 'muted', p.direct ? 'yes' : 'no'));
    tr.appendChild(el('td', p.dev ? null : 'muted', p.dev ? 'yes' : 'no'));
    inventoryBody.appendChild(tr);
    return {
      tr: tr,
      package: p,
      text: [p.name, p.version, p.requirement, p.file_path].filter(Boolean).join('\n').toLowerCase()
    };
  });
  if (inventory.length === 0) {
    var none = el('td', 'muted', 'No package was found in a manifest or lockfile.');
    none.colSpan = 6;
    inventoryBody.appendChild(add(el('tr'), none));
  }

  var inventorySearch = document.getElementById('inventory-search');
  var inventoryEcosystem = document.getElementById('inventory-ecosystem');

  function applyInventoryFilters() {
    var text = inventorySearch.value.trim().toLowerCase();
    var eco = inventoryEcosystem.value;
    var count = 0;
    inventoryRows.forEach(function (r) {
      var ok = (!eco || r.package.ecosystem === eco) && (!text || r.text.indexOf(text) !== -1);
      r.tr.hidden = !ok;
      if (ok) { count += 1; }
    });
    document.getElementById('inventory-shown').textContent = String(count);
  }
  inventorySearch.addEventListener('input', applyInventoryFilters);
  inventoryEcosystem.addEventListener('change', applyInventoryFilters);

  // The package URL of a package with an exact version (pkg:npm/%40scope/name@1.0.0, pkg:pypi/name@1.0).
  function purl(p) {
    var type = { npm: 'npm', PyPI: 'pypi' }[p.ecosystem];
    if (!type || !p.version) { return undefined; }
    return 'pkg:' + type + '/' + p.name.split('/').map(encodeURIComponent).join('/') + '@' + encodeURIComponent(p.version);
  }

  // The whole inventory as a CycloneDX-style SBOM (no licences: the scan does not read them).
  function sbom() {
    return {
      bomFormat: 'CycloneDX',
      specVersion: '1.5',
      version: 1,
      metadata: {
        timestamp: data.created_at || undefined,
        tools: { components: [{ type: 'application', name: 'secscan', version: data.tool_version }] },
        component: { type: 'application', name: data.project }
      },
      components: inventory.map(function (p) {
        var properties = [
          { name: 'secscan:ecosystem', value: p.ecosystem },
          { name: 'secscan:file', value: p.file_path + (p.line_number ? ':' + p.line_number : '') },
          { name: 'secscan:direct', value: String(Boolean(p.direct)) },
          { name: 'secscan:dev', value: String(Boolean(p.dev)) }
        ];
        if (p.requirement) { properties.push({ name: 'secscan:requirement', value: p.requirement }); }
        return { type: 'library', name: p.name, version: p.version || undefined, purl: purl(p), properties: properties };
      })
    };
  }

  document.getElementById('inventory-export').addEventListener('click', function () {
    var blob = new Blob([JSON.stringify(sbom(), null, 2) + '\n'], { type: 'application/json' });
    var url = URL.createObjectURL(blob);
    var a = el('a');
    a.download = 'secscan-inventory.cdx.json';
    a.href = url;
    a.hidden = true;
    document.body.appendChild(a);
    a.click();
    document.body.removeChild(a);
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  });

  applyInventoryFilters();
}());
