/*
 * Draw every chart on the page with Vega, under a strict Content-Security-Policy.
 *
 * Markup: <div class="app-chart__canvas" data-vega-spec="SOURCE"></div>
 *   SOURCE is either the URL of a Vega-Lite JSON spec on this site, fetched with the user's
 *   cookies, or "#some-id": the id of a <script type="application/json" id="some-id"> element
 *   holding the spec (a data block, which the browser never runs, so it needs no nonce).
 *
 * Needs vega.min.js, vega-lite.min.js and vega-embed.min.js loaded first (they set window.vegaEmbed).
 * The options keep Vega inside the CSP: `ast: true` evaluates expressions with the interpreter
 * bundled in vega-embed instead of `new Function` (no 'unsafe-eval'), and no <style> elements are
 * injected (vega-embed.css and vega-tooltip.css are linked as files instead).
 *
 * Each element gets data-vega-state="rendered" or "failed". The element may hold an
 * <img class="app-chart__fallback">: the same chart drawn on the server, shown without JavaScript;
 * it is removed once Vega has drawn the chart, and stays if drawing fails.
 */
(function () {
  "use strict";

  var OPTIONS = {
    ast: true,
    defaultStyle: false,
    actions: false,
    renderer: "svg",
    tooltip: { disableDefaultStyle: true }
  };

  function loadSpec(source) {
    if (source.charAt(0) === "#") {
      var block = document.getElementById(source.slice(1));
      if (!block) {
        return Promise.reject(new Error("No chart data block with id " + source));
      }
      return Promise.resolve(JSON.parse(block.textContent));
    }
    return fetch(source, {
      credentials: "same-origin",
      headers: { Accept: "application/json" }
    }).then(function (response) {
      if (!response.ok) {
        throw new Error("Chart spec " + source + " answered " + response.status);
      }
      return response.json();
    });
  }

  function draw(element) {
    var source = element.getAttribute("data-vega-spec");
    return loadSpec(source)
      .then(function (spec) {
        return window.vegaEmbed(element, spec, OPTIONS);
      })
      .then(function () {
        var fallback = element.querySelector(".app-chart__fallback");
        if (fallback) {
          fallback.parentNode.removeChild(fallback); // the server's drawing of the same chart
        }
        element.setAttribute("data-vega-state", "rendered");
      })
      .catch(function (error) {
        element.setAttribute("data-vega-state", "failed");
        if (window.console) {
          window.console.warn("Chart not drawn:", error);
        }
      });
  }

  function drawAll() {
    if (typeof window.vegaEmbed !== "function") {
      return;
    }
    var elements = document.querySelectorAll("[data-vega-spec]");
    for (var i = 0; i < elements.length; i += 1) {
      draw(elements[i]);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
