// The HTTP API reference page (/reference/<service>/http): start the vendored Swagger UI on the
// element that names the document to show. Nothing is sent to the services from the browser:
// "Try it out" is off (the portal's pages are how people change things).
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const target = document.getElementById("swagger-ui");
  if (!target || typeof window.SwaggerUIBundle !== "function") {
    return;
  }
  window.SwaggerUIBundle({
    url: target.dataset.spec,
    domNode: target,
    deepLinking: true,
    supportedSubmitMethods: [],
    validatorUrl: null,
    defaultModelsExpandDepth: 0,
  });
});
