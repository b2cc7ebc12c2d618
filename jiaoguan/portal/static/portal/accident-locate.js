// 报告事故: "使用我的位置" fills the latitude and longitude from the phone's position.
(function () {
  var button = document.querySelector("[data-locate]");
  if (!button || !navigator.geolocation) { return; }
  button.addEventListener("click", function () {
    navigator.geolocation.getCurrentPosition(function (where) {
      document.getElementById("id_latitude").value = where.coords.latitude.toFixed(6);
      document.getElementById("id_longitude").value = where.coords.longitude.toFixed(6);
    });
  });
})();
