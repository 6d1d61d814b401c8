// Starts Swagger UI (vendored by drf-spectacular-sidecar) on the API documentation page: a file of our own, so
// the page needs no inline script under the site's Content-Security-Policy. No validator badge (it would call
// validator.swagger.io), no "Try it out" host other than this site.
(function () {
  "use strict";
  var node = document.getElementById("swagger-ui");
  if (!node || typeof window.SwaggerUIBundle !== "function") {
    return;
  }
  window.SwaggerUIBundle({
    url: node.getAttribute("data-schema-url"),
    dom_id: "#swagger-ui",
    // No deep links: Swagger UI puts them as links inside each operation's toggle button (nested controls).
    deepLinking: false,
    validatorUrl: null,
    presets: [window.SwaggerUIBundle.presets.apis, window.SwaggerUIStandalonePreset],
    layout: "BaseLayout",
  });
})();
