/* The image viewer: frames rendered by the portal, zoom and pan with CSS transforms, window presets re-rendered by the
   server, invert as a CSS filter; brightness and contrast by dragging on the frame's full-depth modality values, drawn
   on a canvas (docs/decisions/0010). Mouse, keyboard and touch (Pointer Events). No inline script: data comes from data-*
   attributes of the page. */
(function () {
  'use strict';
  var viewer = document.getElementById('viewer');
  if (!viewer) { return; }
  var stage = document.getElementById('viewer-stage');
  var img = document.getElementById('viewer-image');
  var canvas = document.getElementById('viewer-canvas');
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
    if (canvasShown()) {
      // The canvas shows the patient's window from full-depth values: a closer look asks for more of them.
      updateSaveLinks();
      loadFull(requestSize(), paintSoon);
      return;
    }
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
    // Progressive: the JPEG is on screen; the full-depth values load behind it for brightness and contrast.
    loadFull(requestSize());
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
    if (canvas) { canvas.style.transform = img.style.transform; }
    if (canvasShown()) { paintSoon(); }
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
    showCanvas(false);
    state.image = index; state.frame = 1;
    if (state.preset === 'custom') { state.preset = 'default'; windowSelect.value = 'default'; state.custom = null; }
    if (state.contrastMode) { calibrate(); }
    fit();
    load();
  }

  function showFrame(frame) {
    if (frame < 1 || frame > images[state.image].frames) { return; }
    showCanvas(false);
    state.frame = frame;
    load();
  }

  function reset() {
    state.preset = 'default'; windowSelect.value = 'default'; state.inverted = false; state.custom = null;
    img.style.filter = '';
    showCanvas(false);
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
    if (image.wc !== null && image.ww !== null) { return [image.wc, image.ww]; }
    // No window in the image (a VOI LUT, or none at all): dragging starts from the frame's whole range.
    var f = fullReady();
    return f ? [(f.minimum + f.maximum + 1) / 2, f.maximum - f.minimum + 1] : null;
  }

  // Which way a higher window centre moves the picture (darker for MONOCHROME2, brighter for MONOCHROME1 or a negative
  // rescale slope) is measured once per image on two tiny renderings by the portal, so that "up" always means
  // brighter whatever the image's photometric interpretation and however the pipeline maps it.
  var direction = {};

  function calibrate() {
    var index = state.image, image = images[index];
    if (fullReady()) { return; }
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

  // ---- Full depth (docs/decisions/0010). Once the JPEG is on screen, the frame's modality values (after the Modality
  // LUT, reduced to the size on screen) load behind it from .../frames/N/values; from the first drag on, the canvas
  // shows the image computed from them with the image's own VOI (window and function, VOI LUT, or the frame's range),
  // or the dragged window, then MONOCHROME1 and invert, through a lookup table, once per display frame. Detail that
  // the 8-bit JPEG had clipped to black or white comes back while dragging, with no request to the server.
  var full = null;        // the values of the image and frame on screen, see parseValues
  var fullLoading = null; // the request under way
  var fullFailed = {};    // image/frame keys whose values cannot be had (colour images, a PACS failure)
  var paintPending = false;
  var paints = 0;

  function fullKey() { return state.image + '/' + state.frame; }
  function fullReady() { return full && full.key === fullKey() ? full : null; }
  function canvasShown() { return !!canvas && !canvas.hidden; }

  function loadFull(size, then) {
    if (!canvas || !window.fetch || !window.TextDecoder || !canvas.getContext) { return; }
    var key = fullKey();
    var ready = fullReady();
    if (ready && (ready.size >= size || ready.complete)) { if (then) { then(); } return; }
    if (fullFailed[key] || (fullLoading && fullLoading.key === key && fullLoading.size >= size)) { return; }
    var request = { key: key, size: size, then: then };
    fullLoading = request;
    if (!ready) { stage.dataset.fullDepth = 'loading'; }
    fetch(images[state.image].url + state.frame + '/values?size=' + size, { credentials: 'same-origin' })
      .then(function (response) {
        if (!response.ok) { throw new Error('values: ' + response.status); }
        return response.arrayBuffer();
      })
      .then(function (buffer) {
        if (fullLoading === request) { fullLoading = null; }
        if (key !== fullKey()) { return; }
        full = parseValues(buffer);
        full.key = key;
        full.size = size;
        stage.dataset.fullDepth = 'ready';
        if (request.then) { request.then(); }
      }, function () {
        if (fullLoading === request) { fullLoading = null; }
        fullFailed[key] = true;
        if (key === fullKey() && !fullReady()) { stage.dataset.fullDepth = 'unavailable'; }
      });
  }

  /** The format of ModalityValuesEncoding: a length, JSON, samples (little-endian, as every browser's typed arrays). */
  function parseValues(buffer) {
    var length = new DataView(buffer).getUint32(0, true);
    var h = JSON.parse(new TextDecoder().decode(new Uint8Array(buffer, 4, length)));
    var count = h.rows * h.columns, offset = 4 + length;
    var Type = h.type === 'f32' ? Float32Array : h.type === 'i16' ? Int16Array : Uint16Array;
    return {
      rows: h.rows, columns: h.columns, samples: new Type(buffer, offset, count), integral: h.type !== 'f32',
      complete: h.rows === h.sourceRows && h.columns === h.sourceColumns,
      monochrome1: h.photometric === 'MONOCHROME1', minimum: h.minimum, maximum: h.maximum,
      window: h.window || null, voiLut: h.voiLut || null
    };
  }

  function showCanvas(on) {
    if (!canvas || on === canvasShown()) { return; }
    canvas.hidden = !on;
    img.hidden = on;
    if (on) {
      canvas.style.transform = img.style.transform;
      canvas.setAttribute('aria-label', img.alt);
    }
  }

  function paintSoon() {
    if (paintPending) { return; }
    paintPending = true;
    window.requestAnimationFrame(function () { paintPending = false; paint(); });
  }

  /** DICOM's LINEAR function (PS3.3 C.11.2.1.2.1), as the portal's GreyscaleRenderer.linear. */
  function linear(center, width) {
    var c = center - 0.5, w = width - 1;
    return function (v) {
      if (v <= c - w / 2) { return 0; }
      return v > c + w / 2 ? 1 : (v - c) / w + 0.5;
    };
  }

  /** The VOI from modality value to a level 0..1, by the rules of the portal's own pipeline (PS3.4 N.2.1). */
  function voi(f) {
    if (state.preset === 'custom' && state.custom) { return linear(state.custom[0], state.custom[1]); }
    if (f.voiLut) {
      var lut = f.voiLut, top = Math.pow(2, lut.bits) - 1, last = lut.data.length - 1;
      return function (v) {
        var i = Math.round(v) - lut.firstMapped;
        return Math.min(1, lut.data[i < 0 ? 0 : i > last ? last : i] / top);
      };
    }
    if (f.window) {
      var c = f.window.center, w = f.window.width;
      if (f.window['function'] === 'SIGMOID') { return function (v) { return 1 / (1 + Math.exp(-4 * (v - c) / w)); }; }
      if (f.window['function'] === 'LINEAR_EXACT') {
        return function (v) { return v <= c - w / 2 ? 0 : v > c + w / 2 ? 1 : (v - c) / w + 0.5; };
      }
      return linear(c, w);
    }
    var low = f.minimum, range = f.maximum - f.minimum;
    if (!(range > 0)) { return function () { return 0; }; }
    return function (v) { var l = (v - low) / range; return l < 0 ? 0 : l > 1 ? 1 : l; };
  }

  function paint() {
    var f = fullReady();
    if (!f || !canvasShown()) { return; }
    var started = window.performance.now();
    var g = canvas.getContext('2d');
    if (canvas.width !== f.columns || canvas.height !== f.rows || !f.pixels) {
      canvas.width = f.columns;
      canvas.height = f.rows;
      f.pixels = g.createImageData(f.columns, f.rows);
      f.words = new Uint32Array(f.pixels.data.buffer);
    }
    var level = voi(f), monochrome1 = f.monochrome1, inverted = state.inverted;
    function colour(v) {
      var l = level(v);
      var grey = Math.round((monochrome1 ? 1 - l : l) * 255);
      if (inverted) { grey = 255 - grey; }
      return (0xff000000 | grey * 0x010101) >>> 0;
    }
    var samples = f.samples, words = f.words, n = samples.length, i;
    if (f.integral && f.maximum - f.minimum < 1 << 20) {
      // Whole numbers: every value of the frame's range once into a table, then one lookup per pixel.
      var min = Math.round(f.minimum), table = new Uint32Array(Math.round(f.maximum) - min + 1);
      for (i = 0; i < table.length; i++) { table[i] = colour(min + i); }
      for (i = 0; i < n; i++) { words[i] = table[samples[i] - min]; }
    } else {
      for (i = 0; i < n; i++) { words[i] = colour(samples[i]); }
    }
    g.putImageData(f.pixels, 0, 0);
    paints++;
    stage.dataset.paints = String(paints);
    stage.dataset.paintMs = (window.performance.now() - started).toFixed(1);
  }

  function sign() {
    // With the modality values the direction is known: only MONOCHROME1 turns a higher centre brighter.
    var f = fullReady();
    if (f) { return f.monochrome1 ? -1 : 1; }
    return direction[state.image] === -1 ? -1 : 1;
  }

  function windowFromDrag(drag) {
    var c = drag.start[0], w = drag.start[1];
    return [c + sign() * drag.dy * w / 400, Math.max(1, w * Math.exp(drag.dx / 250))];
  }

  function previewWindow(win) {
    state.custom = win;
    state.preset = 'custom';
    windowSelect.value = 'custom';
    stage.dataset.window = win[0].toFixed(1) + ',' + win[1].toFixed(1);
    if (fullReady()) {
      // Full depth: the canvas maps the modality values through the new window at the next frame of the display.
      img.style.filter = '';
      showCanvas(true);
      paintSoon();
      updateSaveLinks();
      return;
    }
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
    // On the canvas the window is already exact; the 8-bit preview is replaced by a full-depth rendering by the portal.
    if (state.preset === 'custom' && state.custom) { if (canvasShown()) { updateSaveLinks(); } else { load(); } }
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
  windowSelect.addEventListener('change', function () {
    showCanvas(false); state.preset = windowSelect.value; state.custom = null; load();
  });

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
      showCanvas(false); state.preset = windowSelect.value; state.custom = null; load();
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
      if (fullReady() && (state.preset === 'default' || state.preset === 'custom')) {
        // The canvas takes over as the drag begins, at the window on screen, so the first move is already exact.
        showCanvas(true);
        paintSoon();
      }
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
  if (!img.complete) {
    loading.hidden = false; stage.setAttribute('aria-busy', 'true');
  } else if (img.naturalWidth > 0) {
    loadFull(requestSize()); // the JPEG arrived before this script: its load event has passed
  }
})();
