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
  var fullscreenButton = viewer.querySelector('[data-action="fullscreen"]');
  var saveLinks = viewer.querySelectorAll('.save-image');
  var images = Array.prototype.map.call(viewer.querySelectorAll('.viewer-images li'), function (li) {
    return {
      url: li.dataset.url, download: li.dataset.download, frames: parseInt(li.dataset.frames, 10) || 1,
      wc: li.dataset.wc ? parseFloat(li.dataset.wc) : null, ww: li.dataset.ww ? parseFloat(li.dataset.ww) : null,
      columns: parseInt(li.dataset.columns, 10) || 0, rows: parseInt(li.dataset.rows, 10) || 0,
      alt: li.dataset.alt, position: li.dataset.position
    };
  });
  var MIN_ZOOM = 0.25, MAX_ZOOM = 16, STEP = 1.25, PAN = 40;
  var state = { image: 0, frame: 1, zoom: 1, x: 0, y: 0, preset: 'default', inverted: false, custom: null,
    contrastMode: false };
  var contrastButton = viewer.querySelector('[data-action="contrast-mode"]');
  var preview = document.getElementById('window-preview');
  var selected = /[?&]image=(\d+)/.exec(window.location.search);
  if (selected && parseInt(selected[1], 10) < images.length) { state.image = parseInt(selected[1], 10); }

  // Presets are applied by the server to what the patient sees, so they work on every image (MONOCHROME1, VOI LUTs,
  // colour) whatever its stored window; only a window chosen by dragging is sent as numbers.
  function windowFor(image, preset) {
    if (preset === 'custom' && state.custom) { return state.custom; }
    return null;
  }

  function presetParameter(name) {
    var preset = state.preset;
    return preset === 'default' || preset === 'custom' ? '' : '&' + name + '=' + encodeURIComponent(preset);
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
    if (win) { url += '&wc=' + win[0].toFixed(1) + '&ww=' + win[1].toFixed(1); } else { url += presetParameter('preset'); }
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
    shape();
    updateButtons();
    updateSaveLinks();
  }

  /** The stage takes the image's proportions (within limits set by the stylesheet). */
  function shape() {
    var image = images[state.image];
    if (image.columns && image.rows) { stage.style.setProperty('--aspect', String(image.rows / image.columns)); }
  }

  /** "Save picture" gives exactly what is on screen: this frame, this window, inverted or not, with the caption. */
  function updateSaveLinks() {
    var image = images[state.image];
    var win = windowFor(image, state.preset);
    saveLinks.forEach(function (link) {
      var url = image.download + '?format=' + link.dataset.format + '&caption=true&frame=' + state.frame;
      if (win) { url += '&windowCenter=' + win[0].toFixed(1) + '&windowWidth=' + win[1].toFixed(1); } else { url += presetParameter('preset'); }
      if (state.inverted) { url += '&invert=true'; }
      link.setAttribute('href', url);
    });
  }

  function updateButtons() {
    var frames = images[state.image].frames;
    setButton('previous-image', state.image === 0, false);
    setButton('next-image', state.image === images.length - 1, false);
    // Frame buttons exist only when some image of the study has several frames; shown only for those images.
    setButton('previous-frame', state.frame <= 1, frames <= 1);
    setButton('next-frame', state.frame >= frames, frames <= 1);
  }

  function setButton(action, disabled, hidden) {
    var button = viewer.querySelector('[data-action="' + action + '"]');
    if (button) { button.disabled = disabled; button.hidden = hidden; }
  }

  img.addEventListener('load', function () {
    shownWindow = windowFor(images[state.image], state.preset);
    if (!dragWindow) { img.style.filter = ''; }
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
    if (img.style.filter) { img.style.filter = 'url(#window-preview)' + (state.inverted ? ' invert(1)' : ''); }
    invertButton.setAttribute('aria-pressed', String(state.inverted));
    stage.classList.toggle('zoomed', state.zoom !== 1);
    updateSaveLinks();
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
    if (state.preset === 'custom') { state.preset = 'default'; windowSelect.value = 'default'; state.custom = null; }
    if (state.contrastMode) { calibrate(); }
    fit();
    load();
  }

  function showFrame(frame) {
    if (frame < 1 || frame > images[state.image].frames) { return; }
    state.frame = frame;
    load();
  }

  function reset() {
    state.preset = 'default'; windowSelect.value = 'default'; state.inverted = false; state.custom = null;
    img.style.filter = '';
    fit();
    load();
  }

  // Full screen shows the whole viewer, image and notice together. Where the browser cannot put an element in full
  // screen (iPhone Safari), the viewer fills the window instead.
  function toggleFullscreen() {
    if (document.fullscreenElement) {
      document.exitFullscreen();
    } else if (viewer.classList.contains('expanded')) {
      setExpanded(false);
    } else if (viewer.requestFullscreen && document.fullscreenEnabled) {
      viewer.requestFullscreen().catch(function () { setExpanded(true); });
    } else {
      setExpanded(true);
    }
  }

  function setExpanded(on) {
    viewer.classList.toggle('expanded', on);
    fullscreenButton.setAttribute('aria-pressed', String(on));
  }

  document.addEventListener('fullscreenchange', function () {
    fullscreenButton.setAttribute('aria-pressed', String(document.fullscreenElement === viewer));
  });

  // ---- Brightness and contrast by dragging (issue 15). While the pointer moves, the picture on screen is re-mapped
  // at once by an SVG lookup (slope and intercept per pixel, clamped like a window); when it stops, the portal renders
  // the frame again with the new window from the image's full bit depth, and the preview is dropped when that frame
  // arrives. Up/down changes brightness (window centre), left/right contrast (window width).
  var dragWindow = null;
  var keyTimer = null;
  var shownWindow = null; // the window of the frame on screen (null: the image's own)

  function currentWindow() {
    var image = images[state.image];
    var win = windowFor(image, state.preset);
    if (win) { return win; }
    return image.wc === null || image.ww === null ? null : [image.wc, image.ww];
  }

  // Which way a higher window centre moves the picture (darker for MONOCHROME2, brighter for MONOCHROME1 or a negative
  // rescale slope) is measured once per image on two tiny renderings by the portal, so that "up" always means
  // brighter whatever the image's photometric interpretation and however the pipeline maps it.
  var direction = {};

  function calibrate() {
    var index = state.image, image = images[index];
    if (direction[index] !== undefined || image.wc === null || image.ww === null) { return; }
    direction[index] = 1;
    var means = [];
    [image.wc - image.ww / 4, image.wc + image.ww / 4].forEach(function (c, k) {
      var probe = new Image();
      probe.onload = function () {
        var canvas = document.createElement('canvas');
        canvas.width = 16; canvas.height = 16;
        var g = canvas.getContext('2d');
        g.drawImage(probe, 0, 0, 16, 16);
        var d = g.getImageData(0, 0, 16, 16).data, sum = 0;
        for (var i = 0; i < d.length; i += 4) { sum += d[i]; }
        means[k] = sum;
        if (means[0] !== undefined && means[1] !== undefined) { direction[index] = means[0] >= means[1] ? 1 : -1; }
      };
      probe.src = image.url + state.frame + '?size=64&wc=' + c.toFixed(1) + '&ww=' + image.ww.toFixed(1);
    });
  }

  function sign() { return direction[state.image] === -1 ? -1 : 1; }

  function windowFromDrag(drag) {
    var c = drag.start[0], w = drag.start[1];
    return [c + sign() * drag.dy * w / 400, Math.max(1, w * Math.exp(drag.dx / 250))];
  }

  function previewWindow(win) {
    state.custom = win;
    state.preset = 'custom';
    windowSelect.value = 'custom';
    var from = shownWindow || [images[state.image].wc, images[state.image].ww];
    // Display value y0 = s(x - c0)/w0 + 1/2 on screen (s = -1 when a higher centre brightens); the new window
    // wants y1 = s(x - c1)/w1 + 1/2 = a*y0 + b.
    var a = from[1] / win[1];
    var b = sign() * (from[0] - win[0]) / win[1] + (1 - a) / 2;
    if (preview) {
      preview.querySelectorAll('feFuncR, feFuncG, feFuncB').forEach(function (f) {
        f.setAttribute('slope', a.toFixed(4));
        f.setAttribute('intercept', b.toFixed(4));
      });
      img.style.filter = 'url(#window-preview)' + (state.inverted ? ' invert(1)' : '');
    }
    stage.dataset.window = win[0].toFixed(1) + ',' + win[1].toFixed(1);
  }

  function settleWindow() {
    if (state.preset === 'custom' && state.custom) { load(); }
  }

  function nudgeWindow(dc, wf) {
    var win = currentWindow();
    if (!win) { return; }
    calibrate();
    previewWindow([win[0] + sign() * dc * win[1], Math.max(1, win[1] * wf)]);
    clearTimeout(keyTimer);
    keyTimer = setTimeout(settleWindow, 350);
  }

  function setContrastMode(on) {
    state.contrastMode = on;
    if (on) { calibrate(); }
    if (contrastButton) { contrastButton.setAttribute('aria-pressed', String(on)); }
    stage.classList.toggle('contrast-mode', on);
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
    'fullscreen': toggleFullscreen,
    'print': function () { fit(); window.print(); },
    'contrast-mode': function () { setContrastMode(!state.contrastMode); }
  };

  viewer.addEventListener('click', function (event) {
    var button = event.target.closest('[data-action]');
    if (button && actions[button.dataset.action]) { actions[button.dataset.action](); }
  });
  windowSelect.addEventListener('change', function () { state.preset = windowSelect.value; state.custom = null; load(); });

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
    if (key === 'Escape' && viewer.classList.contains('expanded')) {
      setExpanded(false);
    } else if (key === 'w') {
      var presets = Array.prototype.filter.call(windowSelect.options, function (o) { return !o.hidden; });
      var at = presets.indexOf(windowSelect.options[windowSelect.selectedIndex]);
      windowSelect.value = presets[(at + 1) % presets.length].value;
      state.preset = windowSelect.value; state.custom = null; load();
    } else if (keys[key]) {
      actions[keys[key]]();
    } else if (key === 'c') {
      setContrastMode(!state.contrastMode);
    } else if (event.target === stage && key.indexOf('Arrow') === 0 && (state.contrastMode || event.shiftKey)) {
      // Up brighter, down darker, right more contrast, left less.
      nudgeWindow(key === 'ArrowUp' ? -0.05 : key === 'ArrowDown' ? 0.05 : 0,
        key === 'ArrowRight' ? 1 / 1.1 : key === 'ArrowLeft' ? 1.1 : 1);
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
  var pinch = null, pinchMid = null;
  function centre(event) {
    var rect = stage.getBoundingClientRect();
    return [event.clientX - rect.left - rect.width / 2, event.clientY - rect.top - rect.height / 2];
  }
  stage.addEventListener('pointerdown', function (event) {
    stage.setPointerCapture(event.pointerId);
    pointers.set(event.pointerId, [event.clientX, event.clientY]);
    if (pointers.size === 1 && (state.contrastMode || event.button === 2) && currentWindow()) {
      // Contrast mode (or the right mouse button): dragging changes the window, not the position.
      calibrate();
      dragWindow = { start: currentWindow(), dx: 0, dy: 0 };
      event.preventDefault();
    } else if (pointers.size === 2) {
      dragWindow = null;
      var p = Array.from(pointers.values());
      pinch = Math.hypot(p[0][0] - p[1][0], p[0][1] - p[1][1]);
    }
  });
  stage.addEventListener('pointermove', function (event) {
    var last = pointers.get(event.pointerId);
    if (!last) { return; }
    pointers.set(event.pointerId, [event.clientX, event.clientY]);
    if (pointers.size === 1 && dragWindow) {
      dragWindow.dx += event.clientX - last[0];
      dragWindow.dy += event.clientY - last[1];
      previewWindow(windowFromDrag(dragWindow));
    } else if (pointers.size === 1) {
      state.x += event.clientX - last[0];
      state.y += event.clientY - last[1];
      apply();
    } else if (pointers.size === 2 && pinch) {
      var p = Array.from(pointers.values());
      var distance = Math.hypot(p[0][0] - p[1][0], p[0][1] - p[1][1]);
      var rect = stage.getBoundingClientRect();
      var mid = [(p[0][0] + p[1][0]) / 2 - rect.left - rect.width / 2, (p[0][1] + p[1][1]) / 2 - rect.top - rect.height / 2];
      if (distance > 0) { zoomBy(distance / pinch, mid[0], mid[1]); }
      // Two fingers also move the image with their midpoint.
      if (pinchMid) { state.x += mid[0] - pinchMid[0]; state.y += mid[1] - pinchMid[1]; apply(); }
      pinch = distance;
      pinchMid = mid;
    }
  });
  function release(event) {
    pointers.delete(event.pointerId);
    if (pointers.size < 2) { pinch = null; pinchMid = null; }
    if (dragWindow && pointers.size === 0) { dragWindow = null; settleWindow(); }
  }
  stage.addEventListener('contextmenu', function (event) { event.preventDefault(); });
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

  // On a phone the page opens at the study itself (the portal's header and menu are a scroll away): the title, the
  // image filling the width and the notice under it are then the first screen.
  if (!window.location.hash && window.scrollY === 0 && window.matchMedia('(max-width: 47.99rem)').matches) {
    document.getElementById('main').scrollIntoView({ block: 'start' });
  }

  viewer.classList.add('viewer-ready');
  shape();
  if (state.image !== 0) { showImage(state.image); } else { updateButtons(); apply(); }
  if (!img.complete) { loading.hidden = false; stage.setAttribute('aria-busy', 'true'); }
})();
