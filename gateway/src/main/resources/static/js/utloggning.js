// Sends the RP-initiated logout form as soon as the page is ready (no inline script: CSP script-src 'self').
document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("utloggning");
    if (form) {
        form.submit();
    }
});
