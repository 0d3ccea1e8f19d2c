/* The image viewer: frames rendered by the portal, zoom and pan with CSS transforms, window presets re-rendered by the
   server, invert as a CSS filter. Mouse, keyboard and touch (Pointer Events). No inline script: data comes from data-*
   attributes of the page. */
(function () {
  'use strict';
  var viewer = document.getElementById('viewer');
  if (!viewer) { return; }
  var stage = document.getElementById('viewer-stage');
  var img = document.getElementById('viewer-image');
  var loading = document.getElementById('viewer-loading');
  var failed = document.getElementById('viewer-failed');
  var unviewable = document.getElementById('viewer-unviewable');
  var position = document.getElementById('viewer-position');
  var windowSelect = document.getElementById('viewer-window');
  var invertButton = viewer.querySelector('[data-action="invert"]');
  var images = Array.prototype.map.call(viewer.querySelectorAll('.viewer-images li'), function (li) {
    return {
      url: li.dataset.url, frames: parseInt(li.dataset.frames, 10) || 1,
      wc: li.dataset.wc ? parseFloat(li.dataset.wc) : null, ww: li.dataset.ww ? parseFloat(li.dataset.ww) : null,
      columns: parseInt(li.dataset.columns, 10) || 0, rows: parseInt(li.dataset.rows, 10) || 0,
      alt: li.dataset.alt, position: li.dataset.position
    };
  });
  var MIN_ZOOM = 0.25, MAX_ZOOM = 16, STEP = 1.25, PAN = 40;
  var state = { image: 0, frame: 1, zoom: 1, x: 0, y: 0, preset: 'default', inverted: false };
  var selected = /[?&]image=(\d+)/.exec(window.location.search);
  if (selected && parseInt(selected[1], 10) < images.length) { state.image = parseInt(selected[1], 10); }

  function windowFor(image, preset) {
    if (preset === 'default' || image.wc === null || image.ww === null) { return null; }
    var c = image.wc, w = image.ww;
    switch (preset) {
      case 'brighter': return [c - w * 0.2, w];
      case 'darker': return [c + w * 0.2, w];
      case 'more-contrast': return [c, Math.max(1, w * 0.6)];
      case 'less-contrast': return [c, w * 1.6];
      default: return null;
    }
  }

  function requestSize() {
    var rect = stage.getBoundingClientRect();
    var side = Math.max(rect.width, rect.height) * (window.devicePixelRatio || 1) * Math.min(state.zoom, 2);
    var image = images[state.image];
    if (state.zoom > 1) { side = Math.max(side, image.columns, image.rows); }
    return Math.max(256, Math.min(2048, Math.ceil(side / 128) * 128));
  }

  function frameUrl() {
    var image = images[state.image];
    var url = image.url + state.frame + '?size=' + requestSize();
    var win = windowFor(image, state.preset);
    if (win) { url += '&wc=' + win[0].toFixed(1) + '&ww=' + win[1].toFixed(1); }
    return url;
  }

  function load() {
    var image = images[state.image];
    var url = frameUrl();
    if (img.getAttribute('src') === url) { return; }
    loading.hidden = false;
    failed.hidden = true;
    unviewable.hidden = true;
    windowSelect.parentNode.hidden = false;
    stage.setAttribute('aria-busy', 'true');
    img.src = url;
    img.alt = image.alt;
    position.textContent = image.position.replace('{frame}', state.frame);
    windowSelect.disabled = image.wc === null;
    updateButtons();
  }

  function updateButtons() {
    var frames = images[state.image].frames;
    viewer.querySelector('[data-action="previous-image"]').disabled = state.image === 0;
    viewer.querySelector('[data-action="next-image"]').disabled = state.image === images.length - 1;
    viewer.querySelector('[data-action="previous-frame"]').disabled = state.frame <= 1;
    viewer.querySelector('[data-action="next-frame"]').disabled = state.frame >= frames;
  }

  img.addEventListener('load', function () {
    loading.hidden = true;
    stage.removeAttribute('aria-busy');
  });
  img.addEventListener('error', function () {
    var src = img.getAttribute('src');
    // 422: the PACS cannot render this image at all. Say so for good and hide the presets; anything else may pass.
    fetch(src, { credentials: 'same-origin' }).then(function (response) {
      return response.status;
    }, function () { return 0; }).then(function (status) {
      if (img.getAttribute('src') !== src) { return; }
      loading.hidden = true;
      stage.removeAttribute('aria-busy');
      if (status === 422) {
        unviewable.hidden = false;
        windowSelect.parentNode.hidden = true;
      } else {
        failed.hidden = false;
      }
    });
  });

  function apply() {
    img.style.transform = 'translate(' + state.x + 'px, ' + state.y + 'px) scale(' + state.zoom + ')';
    img.classList.toggle('inverted', state.inverted);
    invertButton.setAttribute('aria-pressed', String(state.inverted));
    stage.classList.toggle('zoomed', state.zoom !== 1);
  }

  function zoomBy(factor, cx, cy) {
    var zoom = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, state.zoom * factor));
    var f = zoom / state.zoom;
    // Keep the point under the pointer (or the centre) where it is.
    cx = cx || 0; cy = cy || 0;
    state.x = cx - (cx - state.x) * f;
    state.y = cy - (cy - state.y) * f;
    var wasSmall = state.zoom <= 1;
    state.zoom = zoom;
    apply();
    if (wasSmall && zoom > 1) { load(); }
  }

  function fit() { state.zoom = 1; state.x = 0; state.y = 0; apply(); }

  function actualSize() {
    var image = images[state.image];
    var shown = img.getBoundingClientRect().width / state.zoom;
    if (!image.columns || !shown) { return; }
    state.zoom = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, image.columns / shown));
    state.x = 0; state.y = 0;
    apply();
    load();
  }

  function showImage(index) {
    if (index < 0 || index >= images.length) { return; }
    state.image = index; state.frame = 1;
    fit();
    load();
  }

  function showFrame(frame) {
    if (frame < 1 || frame > images[state.image].frames) { return; }
    state.frame = frame;
    load();
  }

  function reset() {
    state.preset = 'default'; windowSelect.value = 'default'; state.inverted = false;
    fit();
    load();
  }

  function toggleFullscreen() {
    if (document.fullscreenElement) { document.exitFullscreen(); } else if (viewer.requestFullscreen) { viewer.requestFullscreen(); }
  }

  var actions = {
    'zoom-in': function () { zoomBy(STEP); },
    'zoom-out': function () { zoomBy(1 / STEP); },
    'fit': fit,
    'actual': actualSize,
    'invert': function () { state.inverted = !state.inverted; apply(); },
    'reset': reset,
    'previous-image': function () { showImage(state.image - 1); },
    'next-image': function () { showImage(state.image + 1); },
    'previous-frame': function () { showFrame(state.frame - 1); },
    'next-frame': function () { showFrame(state.frame + 1); },
    'fullscreen': toggleFullscreen
  };

  viewer.addEventListener('click', function (event) {
    var button = event.target.closest('[data-action]');
    if (button && actions[button.dataset.action]) { actions[button.dataset.action](); }
  });
  windowSelect.addEventListener('change', function () { state.preset = windowSelect.value; load(); });

  document.querySelectorAll('.series-link[data-image]').forEach(function (link) {
    link.addEventListener('click', function (event) {
      event.preventDefault();
      showImage(parseInt(link.dataset.image, 10));
      stage.focus();
      viewer.scrollIntoView({ block: 'start' });
    });
  });

  var keys = {
    '+': 'zoom-in', '=': 'zoom-in', '-': 'zoom-out', '0': 'fit', '1': 'actual', 'i': 'invert', 'r': 'reset',
    'PageUp': 'previous-image', 'PageDown': 'next-image', '[': 'previous-frame', ']': 'next-frame', 'f': 'fullscreen'
  };
  viewer.addEventListener('keydown', function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    var tag = event.target.tagName;
    if (tag === 'SELECT' || tag === 'INPUT' || tag === 'TEXTAREA') { return; }
    var key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
    if (key === 'w') {
      windowSelect.selectedIndex = (windowSelect.selectedIndex + 1) % windowSelect.options.length;
      state.preset = windowSelect.value; load();
    } else if (keys[key]) {
      actions[keys[key]]();
    } else if (event.target === stage && key.indexOf('Arrow') === 0) {
      state.x += key === 'ArrowLeft' ? PAN : key === 'ArrowRight' ? -PAN : 0;
      state.y += key === 'ArrowUp' ? PAN : key === 'ArrowDown' ? -PAN : 0;
      apply();
    } else {
      return;
    }
    event.preventDefault();
  });

  // Pointer Events: one pointer drags, two pinch; the wheel zooms around the pointer.
  var pointers = new Map();
  var pinch = null;
  function centre(event) {
    var rect = stage.getBoundingClientRect();
    return [event.clientX - rect.left - rect.width / 2, event.clientY - rect.top - rect.height / 2];
  }
  stage.addEventListener('pointerdown', function (event) {
    stage.setPointerCapture(event.pointerId);
    pointers.set(event.pointerId, [event.clientX, event.clientY]);
    if (pointers.size === 2) {
      var p = Array.from(pointers.values());
      pinch = Math.hypot(p[0][0] - p[1][0], p[0][1] - p[1][1]);
    }
  });
  stage.addEventListener('pointermove', function (event) {
    var last = pointers.get(event.pointerId);
    if (!last) { return; }
    pointers.set(event.pointerId, [event.clientX, event.clientY]);
    if (pointers.size === 1) {
      state.x += event.clientX - last[0];
      state.y += event.clientY - last[1];
      apply();
    } else if (pointers.size === 2 && pinch) {
      var p = Array.from(pointers.values());
      var distance = Math.hypot(p[0][0] - p[1][0], p[0][1] - p[1][1]);
      var rect = stage.getBoundingClientRect();
      var mid = [(p[0][0] + p[1][0]) / 2 - rect.left - rect.width / 2, (p[0][1] + p[1][1]) / 2 - rect.top - rect.height / 2];
      if (distance > 0) { zoomBy(distance / pinch, mid[0], mid[1]); }
      pinch = distance;
    }
  });
  function release(event) {
    pointers.delete(event.pointerId);
    if (pointers.size < 2) { pinch = null; }
  }
  stage.addEventListener('pointerup', release);
  stage.addEventListener('pointercancel', release);
  stage.addEventListener('wheel', function (event) {
    event.preventDefault();
    var c = centre(event);
    zoomBy(event.deltaY < 0 ? STEP : 1 / STEP, c[0], c[1]);
  }, { passive: false });
  stage.addEventListener('dblclick', function (event) {
    if (state.zoom !== 1) { fit(); } else { var c = centre(event); zoomBy(2, c[0], c[1]); }
  });

  viewer.classList.add('viewer-ready');
  if (state.image !== 0) { showImage(state.image); } else { windowSelect.disabled = images[0].wc === null; updateButtons(); apply(); }
  if (!img.complete) { loading.hidden = false; stage.setAttribute('aria-busy', 'true'); }
})();
