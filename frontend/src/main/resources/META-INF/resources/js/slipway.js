// htmx requests carry the CSRF token the page was rendered with (Spring Security checks every
// state-changing request). Forms without JavaScript carry it as a hidden field instead.
document.addEventListener('htmx:configRequest', function (event) {
  var token = document.querySelector('meta[name="_csrf"]');
  var header = document.querySelector('meta[name="_csrf_header"]');
  if (token && header) {
    event.detail.headers[header.content] = token.content;
  }
});
