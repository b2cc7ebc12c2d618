// The service-point map (网点地图): Leaflet (vendored from npm by `make vendor`) over a base map
// of administrative boundaries shipped as GeoJSON data (also vendored from npm); no tile
// server is asked for anything. Popups are built with textContent only.
(function () {
  "use strict";
  var box = document.getElementById("guides-map");
  if (!box || !window.L) { return; }
  var map = window.L.map(box, { scrollWheelZoom: false, zoomSnap: 0.5 });
  map.setView([Number(box.dataset.lat), Number(box.dataset.lon)], 10);
  box.dataset.basemapFeatures = "0";

  function popup(feature) {
    var properties = feature.properties;
    var card = document.createElement("div");
    var title = document.createElement("strong");
    title.textContent = properties.name + " · " + properties.kind_label;
    card.appendChild(title);
    [properties.address, box.dataset.hoursLabel + " " + properties.hours,
     properties.services.join("、")].forEach(function (text) {
      if (!text) { return; }
      var line = document.createElement("p");
      line.textContent = text;
      card.appendChild(line);
    });
    var link = document.createElement("a");
    link.href = box.dataset.point + feature.id + "/";
    link.textContent = box.dataset.moreLabel;
    card.appendChild(link);
    return card;
  }

  function drawPoints() {
    return fetch(box.dataset.feed, { headers: { Accept: "application/geo+json" } })
      .then(function (response) { return response.json(); })
      .then(function (collection) {
        var layer = window.L.geoJSON(collection, {
          pointToLayer: function (feature, position) {
            return window.L.circleMarker(position, {
              radius: 9, weight: 3, fillOpacity: 0.85, color: "#0b4f9c", fillColor: "#2f81f7"
            });
          },
          onEachFeature: function (feature, shape) {
            shape.bindPopup(popup(feature), {
              maxWidth: Math.max(160, Math.min(280, box.clientWidth - 80))
            });
          }
        }).addTo(map);
        if (layer.getBounds().isValid()) {
          map.fitBounds(layer.getBounds(), { padding: [24, 24], maxZoom: 13 });
        }
        box.dataset.features = String(collection.features.length);
      });
  }

  var basemap = box.dataset.basemap
    ? fetch(box.dataset.basemap)
        .then(function (response) { return response.json(); })
        .then(function (collection) {
          window.L.geoJSON(collection, {
            interactive: false,
            style: function () {
              return { color: "#57606a", weight: 1.5, fillColor: "#eaeef2", fillOpacity: 0.6 };
            }
          }).addTo(map);
          box.dataset.basemapFeatures = String(collection.features.length);
        })
        .catch(function () { box.dataset.basemapFeatures = "error"; })
    : Promise.resolve();
  basemap.then(drawPoints);
}());
