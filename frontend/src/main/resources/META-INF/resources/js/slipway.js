// htmx requests carry the CSRF token the page was rendered with (Spring Security checks every
// state-changing request). Forms without JavaScript carry it as a hidden field instead.
document.addEventListener('htmx:configRequest', function (event) {
  var token = document.querySelector('meta[name="_csrf"]');
  var header = document.querySelector('meta[name="_csrf_header"]');
  if (token && header) {
    event.detail.headers[header.content] = token.content;
  }
});

// Navigation (elements inside [data-navigation]) asks for whole pages. Feature controllers answer
// HX-Request with a fragment of their own page (their filters and pagers swap one region), so a
// navigation request drops that header and asks for HTML the way a browser would.
document.addEventListener('htmx:configRequest', function (event) {
  if (event.detail.elt.closest('[data-navigation]')) {
    delete event.detail.headers['HX-Request'];
    event.detail.headers['Accept'] = 'text/html';
  }
});

// htmx ignores 4xx/5xx answers by default, so a link to a missing page would do nothing. Error
// pages are whole pages in the layout; show them as the browser would without JavaScript.
document.addEventListener('htmx:beforeSwap', function (event) {
  var xhr = event.detail.xhr;
  if (xhr.status >= 400 && /^\s*<!DOCTYPE html>/i.test(xhr.responseText || '')) {
    event.detail.shouldSwap = true;
    event.detail.target = document.body;
    event.detail.swapOverride = 'innerHTML show:window:top';
    event.detail.selectOverride = 'unset';
  }
});

// Live updates (server-sent events): an element with data-live-src listens to that URL. Each
// event carries HTML elements with ids (a row of the service matrix, a service page's panel, the
// Argo CD cache state) that replace the page's elements of the same id; htmx attributes in them
// (parts that load after the page) are processed as if the page had just loaded. The browser reconnects by itself after a
// dropped connection. Without JavaScript the page simply stays as it was rendered.
(function () {
  var live = [];

  function replaceById(event) {
    var template = document.createElement('template');
    template.innerHTML = event.data;
    Array.prototype.slice.call(template.content.children).forEach(function (fresh) {
      var current = fresh.id && document.getElementById(fresh.id);
      if (current) {
        current.replaceWith(fresh);
        if (window.htmx) {
          window.htmx.process(fresh);
        }
      }
    });
  }

  function connect() {
    live = live.filter(function (entry) {
      if (entry.element.isConnected) {
        return true;
      }
      entry.source.close();
      return false;
    });
    document.querySelectorAll('[data-live-src]').forEach(function (element) {
      if (live.some(function (entry) { return entry.element === element; })) {
        return;
      }
      var source = new EventSource(element.getAttribute('data-live-src'));
      source.addEventListener('row', replaceById);
      source.addEventListener('panel', replaceById);
      source.addEventListener('state', replaceById);
      live.push({ element: element, source: source });
    });
  }

  document.addEventListener('DOMContentLoaded', connect);
  // navigation swaps the body: close the streams of the page left, open those of the page shown
  document.addEventListener('htmx:afterSettle', connect);
  window.addEventListener('pagehide', function () {
    live.forEach(function (entry) { entry.source.close(); });
    live = [];
  });
})();
