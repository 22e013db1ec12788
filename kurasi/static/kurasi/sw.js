// Keeps the curator's scoring pages readable when the venue's Wi-Fi drops: pages under
// /o/<office>/curate/ are fetched from the network first and, when that fails, from the copy
// kept on the last successful visit. Nothing else is cached.
"use strict";

var CACHE = "kurasi-curate-v1";
var SCOPE = /^\/o\/[^/]+\/curate\//;

self.addEventListener("install", function () {
  self.skipWaiting();
});

self.addEventListener("activate", function (event) {
  event.waitUntil(self.clients.claim());
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  var isPage = request.method === "GET" && url.origin === self.location.origin && SCOPE.test(url.pathname);
  var isAsset = request.method === "GET" && url.origin === self.location.origin && url.pathname.indexOf("/static/") === 0;
  if (!isPage && !isAsset) {
    return;
  }
  event.respondWith(
    fetch(request)
      .then(function (response) {
        if (response.ok) {
          var copy = response.clone();
          caches.open(CACHE).then(function (cache) {
            cache.put(request, copy);
          });
        }
        return response;
      })
      .catch(function () {
        return caches.match(request).then(function (cached) {
          return cached || Response.error();
        });
      })
  );
});
