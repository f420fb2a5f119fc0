#include "review/assets.h"

namespace tsuzuri {

// The keys (listed on the page): Enter confirms the value, or saves the number typed; P marks it
// as printed (a note is needed); U unreadable; S or → skips; Z toggles whole page and zoom. A
// save posts JSON with the page's CSRF token, keeps what the server answered (findings closed,
// values the rules confirm) for the next page to show, and moves on.
const char* const kReviewScript = R"js('use strict';
(function () {
  const csrf = document.body.dataset.csrf;
  const flash = document.getElementById('flash');
  const saved = sessionStorage.getItem('tsuzuri-flash');
  if (saved && flash) {
    flash.innerHTML = saved;
    flash.className = 'shown';
    sessionStorage.removeItem('tsuzuri-flash');
  }
  const form = document.getElementById('settle');
  if (!form) return;
  const value = document.getElementById('value');
  const note = document.getElementById('note');
  const viewer = document.getElementById('viewer');
  const frame = document.getElementById('frame');
  const img = document.getElementById('page-image');
  let zoomed = true;
  let mode = null;  // 'as-printed' while a note is typed for it
  let point = null;

  function esc(s) {
    return String(s).replace(/[&<>"']/g, (c) => ({'&': '&amp;', '<': '&lt;', '>': '&gt;',
      '"': '&quot;', "'": '&#39;'}[c]));
  }
  function show(html, kind) {
    flash.innerHTML = html;
    flash.className = 'shown ' + (kind || '');
  }

  // Zoom the page so that the value's cell is in the middle of the viewer, at about 2.5 times
  // its page width.
  function layout() {
    const pw = parseFloat(viewer.dataset.pageWidth), ph = parseFloat(viewer.dataset.pageHeight);
    const vw = viewer.clientWidth, vh = viewer.clientHeight;
    const box = viewer.dataset.box ? viewer.dataset.box.split(',').map(parseFloat) : null;
    let scale = Math.min(vw / pw, vh / ph), tx = 0, ty = 0;
    if (zoomed && box) {
      scale = Math.min(vw / ((box[2] - box[0]) * 3.5), vh / ((box[3] - box[1]) * 10), 3);
      scale = Math.max(scale, Math.min(vw / pw, vh / ph));
      tx = Math.min(0, Math.max(vw - pw * scale, vw * 0.6 - (box[0] + box[2]) / 2 * scale));
      ty = Math.min(0, Math.max(vh - ph * scale, vh / 2 - (box[1] + box[3]) / 2 * scale));
    }
    frame.style.width = pw + 'px';
    frame.style.height = ph + 'px';
    frame.style.transform = 'translate(' + tx + 'px,' + ty + 'px) scale(' + scale + ')';
  }
  if (viewer) {
    // A page that cannot be drawn (its file gone and no original kept) says why.
    img.addEventListener('error', () => {
      fetch(img.src, {credentials: 'same-origin'}).then((r) => r.json())
        .then((j) => show('The page cannot be shown: ' + esc(j.error), 'error'))
        .catch(() => show('The page cannot be shown.', 'error'));
    });
    layout();
    window.addEventListener('resize', layout);
    // A value the reading did not give: the cell clicked on the page is where it was entered.
    frame.addEventListener('click', (e) => {
      if (form.dataset.missing !== '1') return;
      const r = img.getBoundingClientRect();
      const pw = parseFloat(viewer.dataset.pageWidth), ph = parseFloat(viewer.dataset.pageHeight);
      point = [(e.clientX - r.left) / r.width * pw, (e.clientY - r.top) / r.height * ph];
      let dot = document.getElementById('clicked');
      if (!dot) {
        dot = document.createElementNS('http://www.w3.org/2000/svg', 'circle');
        dot.id = 'clicked';
        dot.setAttribute('r', '3');
        document.getElementById('marks').appendChild(dot);
      }
      dot.setAttribute('cx', point[0]);
      dot.setAttribute('cy', point[1]);
      value.focus();
    });
  }

  async function save(action) {
    const typed = value.value.trim();
    const body = {id: form.dataset.id, version: parseInt(form.dataset.version, 10),
                  action: action, note: note.value.trim()};
    if (action === 'save') body.action = typed === '' ? 'confirm' : 'set';
    if (typed !== '') {
      if (!/^-?[0-9]+$/.test(typed)) {
        show('A value is a whole number: ' + esc(typed), 'error');
        return;
      }
      body.value = parseInt(typed, 10);
    }
    if (point) body.point = point;
    if (body.action === 'as-printed' && body.note === '') {
      mode = 'as-printed';
      note.focus();
      show('As printed: type a note saying how the document is inconsistent, then Enter.', 'ask');
      return;
    }
    let answer;
    try {
      const r = await fetch('/api/settle', {method: 'POST', credentials: 'same-origin',
        headers: {'Content-Type': 'application/json', 'X-CSRF-Token': csrf},
        body: JSON.stringify(body)});
      answer = await r.json();
      if (!r.ok || answer.stale) {
        show(esc(answer.message || answer.error || ('refused: ' + r.status)), 'error');
        return;
      }
    } catch (err) {
      show('Not saved: ' + esc(err), 'error');
      return;
    }
    const item = answer.item;
    let html = '<b>Saved</b> ' + esc(item.what) + ': ' +
        esc(item.settlement) + ' ' + esc(item.value === null ? 'none' : item.value) + '.';
    for (const f of answer.closed) html += '<br>closed: ' + esc(f.rule + ': ' + f.message);
    for (const f of answer.opened) html += '<br>now failing: ' + esc(f.rule + ': ' + f.message);
    for (const s of answer.by_rules) html += '<br>confirmed by the rules: ' + esc(s);
    sessionStorage.setItem('tsuzuri-flash', html);
    window.location.href = form.dataset.next || form.dataset.end;
  }

  form.addEventListener('click', (e) => {
    const action = e.target.dataset && e.target.dataset.action;
    if (action) save(action);
  });
  form.addEventListener('submit', (e) => e.preventDefault());
  document.addEventListener('keydown', (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const inNote = document.activeElement === note;
    if (e.key === 'Enter') {
      e.preventDefault();
      save(inNote && mode === 'as-printed' ? 'as-printed' : 'save');
      return;
    }
    if (e.key === 'Escape') {
      value.value = '';
      note.value = '';
      mode = null;
      value.focus();
      return;
    }
    if (inNote) return;
    const k = e.key.toLowerCase();
    if (k === 'p') {
      e.preventDefault();
      save('as-printed');
    } else if (k === 'u') {
      e.preventDefault();
      save('unreadable');
    } else if (k === 's' || (e.key === 'ArrowRight' && value.value === '')) {
      e.preventDefault();
      if (form.dataset.next) window.location.href = form.dataset.next;
    } else if (k === 'z') {
      e.preventDefault();
      zoomed = !zoomed;
      layout();
    } else if (e.key.length === 1 && !/[0-9-]/.test(e.key) && document.activeElement === value) {
      e.preventDefault();  // a number only
    } else if (/^[0-9]$/.test(e.key) && document.activeElement !== value) {
      value.focus();
    }
  });
  value.focus();
})();
)js";

const char* const kReviewStyle = R"css(
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.4 system-ui, "Noto Sans CJK JP", sans-serif; color: #222;
       background: #f4f4f2; }
header { display: flex; flex-wrap: wrap; align-items: center; gap: 8px 24px; padding: 8px 16px;
         background: #20303c; color: #fff; }
header a { color: #fff; font-weight: bold; text-decoration: none; }
header .who { color: #b8c4cc; margin-left: 12px; }
header #count { margin-left: 12px; }
.filters label { margin-right: 6px; }
main { display: grid; grid-template-columns: minmax(420px, 1fr) 420px 260px;
       height: calc(100vh - 52px); }
.viewer { position: relative; overflow: hidden; background: #777; }
.frame { position: absolute; left: 0; top: 0; transform-origin: 0 0; }
.frame img { position: absolute; left: 0; top: 0; width: 100%; height: 100%; background: #fff; }
.frame svg { position: absolute; left: 0; top: 0; width: 100%; height: 100%; }
rect.target { fill: rgba(255, 200, 0, 0.25); stroke: #e00; stroke-width: 1.5; }
rect.related { fill: none; stroke: #06c; stroke-width: 1; stroke-dasharray: 3 2; }
circle#clicked { fill: #e00; }
.viewer .hint { position: absolute; bottom: 0; left: 0; right: 0; margin: 0; padding: 4px 8px;
                background: rgba(0, 0, 0, 0.6); color: #fff; font-size: 12px; }
.panel, .end { padding: 12px 16px; overflow-y: auto; background: #fff; }
.end { grid-column: 1 / span 2; }
.panel h1, .end h1 { font-size: 18px; margin: 4px 0; }
.doc { color: #666; margin: 0 0 8px; }
.value { font-size: 28px; margin: 8px 0; }
.value .unit { font-size: 18px; }
.status { font-size: 13px; padding: 2px 6px; border-radius: 3px; vertical-align: middle; }
.status.review { background: #fde2b8; }
.status.ok { background: #cdeccd; }
.settled { font-size: 13px; color: #064; }
dl.readings { display: grid; grid-template-columns: 90px 1fr; margin: 0; }
dl.readings dt { color: #666; }
dl.readings dd { margin: 0; }
.findings { padding-left: 18px; }
.findings li.error { color: #a00; }
.findings li.warning { color: #850; }
#settle label { display: block; margin: 6px 0; }
#settle input { font-size: 18px; width: 100%; padding: 4px; }
.buttons { display: flex; gap: 6px; flex-wrap: wrap; margin-top: 6px; }
.buttons button, .buttons a { padding: 4px 10px; font-size: 14px; }
.keys dl { display: grid; grid-template-columns: 70px 1fr; margin: 0; font-size: 12px; }
.keys dt { font-weight: bold; }
.keys dd { margin: 0; }
h2 { font-size: 14px; margin: 12px 0 4px; }
.history ol { font-size: 12px; padding-left: 18px; }
#flash { display: none; padding: 6px 8px; margin-bottom: 8px; background: #e6f4e6;
         border-left: 4px solid #2a2; }
#flash.shown { display: block; }
#flash.error { background: #fbe3e3; border-color: #c22; }
#flash.ask { background: #fff4d6; border-color: #c90; }
nav.queue { overflow-y: auto; background: #eceae6; font-size: 12px; }
nav.queue ol { list-style: none; padding: 0 8px; margin: 0; }
nav.queue li { padding: 2px 0; }
nav.queue li.doc { font-weight: bold; margin-top: 8px; }
nav.queue li.current { background: #ffe9a8; }
)css";

}  // namespace tsuzuri
