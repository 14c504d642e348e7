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
