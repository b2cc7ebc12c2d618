// 报告事故: the accident's place. "使用我的位置" fills the latitude and longitude from the
// phone's position; the map (Leaflet, vendored; the base map is the shipped boundaries, no tile
// server) shows the point and a tap on it sets the point. Typed coordinates move the marker.
(function () {
  "use strict";
  var latitude = document.getElementById("id_latitude");
  var longitude = document.getElementById("id_longitude");
  if (!latitude || !longitude) { return; }
  var box = document.getElementById("accident-map");
  var map = null;
  var marker = null;

  function show(lat, lon, zoom) {
    if (!map || !isFinite(lat) || !isFinite(lon) || Math.abs(lat) > 90 || Math.abs(lon) > 180) {
      return;
    }
    if (marker) {
      marker.setLatLng([lat, lon]);
    } else {
      marker = window.L.circleMarker([lat, lon], {
        radius: 10, weight: 3, fillOpacity: 0.85, color: "#9c0b0b", fillColor: "#f85149"
      }).addTo(map);
    }
    map.setView([lat, lon], zoom || Math.max(map.getZoom(), 15));
    box.dataset.marked = "1";
  }

  function set(lat, lon) {
    latitude.value = lat.toFixed(6);
    longitude.value = lon.toFixed(6);
    show(lat, lon);
  }

  if (box && window.L) {
    map = window.L.map(box, { scrollWheelZoom: false, zoomSnap: 0.5 });
    map.setView([Number(box.dataset.lat), Number(box.dataset.lon)], Number(box.dataset.zoom));
    if (box.dataset.basemap) {
      fetch(box.dataset.basemap)
        .then(function (response) { return response.json(); })
        .then(function (collection) {
          window.L.geoJSON(collection, {
            interactive: false,
            style: function () {
              return { color: "#57606a", weight: 1.5, fillColor: "#eaeef2", fillOpacity: 0.6 };
            }
          }).addTo(map);
        })
        .catch(function () { box.dataset.basemapFeatures = "error"; });
    }
    map.on("click", function (event) { set(event.latlng.lat, event.latlng.lng); });
    [latitude, longitude].forEach(function (input) {
      input.addEventListener("change", function () {
        show(Number(latitude.value), Number(longitude.value));
      });
    });
    if (latitude.value && longitude.value) { show(Number(latitude.value), Number(longitude.value)); }
  }

  var button = document.querySelector("[data-locate]");
  if (!button || !navigator.geolocation) { return; }
  button.addEventListener("click", function () {
    navigator.geolocation.getCurrentPosition(function (where) {
      set(where.coords.latitude, where.coords.longitude);
    });
  });
})();
