// The travel map (路况地图): the GeoJSON feed drawn with Leaflet, which `make vendor` copies
// from the npm package into static/vendor/leaflet/. Popups are built with textContent only.
(function () {
  "use strict";
  var box = document.getElementById("travel-map");
  if (!box || !window.L) { return; }
  var colours = {
    closure: "#b42318", works: "#9a6700", accident: "#b42318",
    congestion: "#bc4c00", weather: "#0b4f9c", black_spot: "#6e40c9"
  };
  var map = window.L.map(box, { scrollWheelZoom: false });
  if (box.dataset.tiles) {
    window.L.tileLayer(box.dataset.tiles, {
      maxZoom: 18, attribution: box.dataset.attribution || ""
    }).addTo(map);
  }
  map.setView([Number(box.dataset.lat), Number(box.dataset.lon)], 9);

  function popup(properties) {
    var card = document.createElement("div");
    var title = document.createElement("strong");
    title.textContent = properties.kind_name + " · " + properties.title;
    var road = document.createElement("p");
    road.textContent = properties.road_name;
    card.appendChild(title);
    card.appendChild(road);
    if (properties.speed_limit_kmh) {
      var limit = document.createElement("p");
      limit.textContent = box.dataset.limitLabel + " " + properties.speed_limit_kmh + " km/h";
      card.appendChild(limit);
    }
    var link = document.createElement("a");
    link.href = box.dataset.list + "#event-" + properties.id;
    link.textContent = box.dataset.moreLabel;
    card.appendChild(link);
    return card;
  }

  fetch(box.dataset.feed, { headers: { Accept: "application/geo+json" } })
    .then(function (response) { return response.json(); })
    .then(function (collection) {
      var layer = window.L.geoJSON(collection, {
        style: function (feature) {
          return { color: colours[feature.properties.kind] || "#1b1f24", weight: 6 };
        },
        pointToLayer: function (feature, position) {
          return window.L.circleMarker(position, {
            radius: 10, weight: 3, fillOpacity: 0.8,
            color: colours[feature.properties.kind] || "#1b1f24"
          });
        },
        onEachFeature: function (feature, shape) {
          shape.bindPopup(popup(Object.assign({ id: feature.id }, feature.properties)), {
            maxWidth: Math.max(160, Math.min(280, box.clientWidth - 80))
          });
        }
      }).addTo(map);
      if (layer.getBounds().isValid()) { map.fitBounds(layer.getBounds(), { padding: [24, 24] }); }
      box.dataset.features = String(collection.features.length);
    });
}());
