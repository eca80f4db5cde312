// The "Mobilt BankID" tab: start an order (this device: autostart link; another device: animated QR), poll its
// status, cancel it on "Avbryt" or when the page is left, offer "Försök igen" after every failure.
// Same-origin only (CSP script-src 'self'); the CSRF token comes from the panel's data attributes.
(function () {
    "use strict";
    var panel = document.querySelector("[data-bankid]");
    if (!panel || !window.fetch) {
        return;
    }
    var base = panel.getAttribute("data-base");
    var csrfHeader = panel.getAttribute("data-csrf-header");
    var csrfToken = panel.getAttribute("data-csrf-token");
    var csrfParameter = panel.getAttribute("data-csrf-parameter");
    // Set on the password page: the order proves a registration instead of logging in.
    var purpose = panel.getAttribute("data-purpose");
    var choices = panel.querySelector("[data-bankid-choices]");
    var order = panel.querySelector("[data-bankid-order]");
    var qr = panel.querySelector("[data-bankid-qr]");
    var qrImage = panel.querySelector("[data-bankid-qr-image]");
    var launch = panel.querySelector("[data-bankid-launch]");
    var launchLink = launch.querySelector("a");
    var status = panel.querySelector("[data-bankid-status]");
    var cancelButton = panel.querySelector("[data-bankid-cancel]");
    var retryButton = panel.querySelector("[data-bankid-retry]");

    var STATUS_INTERVAL = 1500; // BankID: poll every 1–2 s (the adapter asks BankID at most every 2 s)
    var QR_INTERVAL = 1000; // the animated QR changes every second
    var active = false; // an order this page started (or resumed) is pending
    var leaving = false; // completed: the page navigates on, nothing to cancel
    var lastKind = "annan";
    var statusTimer = null;
    var qrTimer = null;

    function isMobile() {
        var ua = navigator.userAgent || "";
        return /Android|iPhone|iPad|iPod|Mobile/i.test(ua)
            || (navigator.platform === "MacIntel" && navigator.maxTouchPoints > 1);
    }

    function post(path, params) {
        var headers = { "Accept": "application/json" };
        headers[csrfHeader] = csrfToken;
        return fetch(base + path, {
            method: "POST",
            credentials: "same-origin",
            headers: headers,
            body: new URLSearchParams(params || {})
        });
    }

    function show(element, visible) {
        element.hidden = !visible;
    }

    function say(text, error) {
        status.textContent = text || "";
        status.classList.toggle("bankid__status--error", !!error);
    }

    function stopTimers() {
        window.clearTimeout(statusTimer);
        window.clearTimeout(qrTimer);
        statusTimer = null;
        qrTimer = null;
    }

    function reset() {
        stopTimers();
        active = false;
        show(order, false);
        show(qr, false);
        show(launch, false);
        show(cancelButton, false);
        qrImage.removeAttribute("data-qr-data");
    }

    function fail(text) {
        reset();
        say(text, true);
        show(choices, true);
        show(retryButton, true);
    }

    function refreshQr() {
        if (!active) {
            return;
        }
        fetch(base + "/qr", { credentials: "same-origin", headers: { "Accept": "application/json" } })
            .then(function (response) {
                if (!response.ok) {
                    throw new Error("no qr");
                }
                return response.json();
            })
            .then(function (body) {
                if (!active || qr.hidden) {
                    return;
                }
                qrImage.src = body.image;
                qrImage.setAttribute("data-qr-data", body.qrData);
                qrTimer = window.setTimeout(refreshQr, QR_INTERVAL);
            })
            .catch(function () {
                show(qr, false);
            });
    }

    function handle(body) {
        switch (body.state) {
            case "pending":
                active = true;
                say(body.message, false);
                show(choices, false);
                show(retryButton, false);
                show(order, true);
                show(cancelButton, true);
                if (body.qr === true && qr.hidden) {
                    show(qr, true);
                    refreshQr();
                } else if (body.qr === false) {
                    show(qr, false);
                    window.clearTimeout(qrTimer);
                }
                window.clearTimeout(statusTimer);
                statusTimer = window.setTimeout(poll, STATUS_INTERVAL);
                break;
            case "complete":
            case "choose":
                leaving = true;
                reset();
                window.location.assign(body.redirect);
                break;
            case "none":
                reset();
                show(choices, true);
                break;
            default: // failed, unavailable
                fail(body.message || panel.getAttribute("data-text-error"));
        }
    }

    function poll() {
        post("/status")
            .then(function (response) {
                if (!response.ok) {
                    throw new Error("status " + response.status);
                }
                return response.json();
            })
            .then(handle)
            .catch(function () {
                fail(panel.getAttribute("data-text-error"));
            });
    }

    function start(kind) {
        lastKind = kind;
        reset();
        say("", false);
        show(retryButton, false);
        var mobile = isMobile();
        var params = { enhet: kind, device: mobile ? "mobile" : "desktop" };
        if (purpose) {
            params.syfte = purpose;
        }
        post("/start", params)
            .then(function (response) {
                if (!response.ok) {
                    throw new Error("start " + response.status);
                }
                return response.json();
            })
            .then(function (body) {
                if (body.state === "pending" && body.launchUrl) {
                    // The app is opened by the customer's own tap on this link (a user gesture), never by script.
                    launchLink.setAttribute("href", body.launchUrl);
                    show(launch, true);
                }
                handle(body);
                if (body.state === "pending" && body.launchUrl) {
                    launchLink.focus();
                }
            })
            .catch(function () {
                fail(panel.getAttribute("data-text-error"));
            });
    }

    panel.querySelectorAll("[data-bankid-start]").forEach(function (button) {
        button.addEventListener("click", function () {
            start(button.getAttribute("data-bankid-start"));
        });
    });

    retryButton.addEventListener("click", function () {
        start(lastKind);
    });

    cancelButton.addEventListener("click", function () {
        var text = panel.getAttribute("data-text-cancelled");
        reset();
        post("/cancel").catch(function () { /* the order expires on its own */ });
        say(text, true);
        show(choices, true);
        show(retryButton, true);
    });

    // Leaving the page (closing, navigating away) cancels a pending order; a beacon survives the unload.
    window.addEventListener("pagehide", function () {
        if (active && !leaving && navigator.sendBeacon) {
            var params = new URLSearchParams();
            params.append(csrfParameter, csrfToken);
            navigator.sendBeacon(base + "/cancel", params);
            active = false;
            stopTimers();
        }
    });

    // Back from the BankID app (same device, returnUrl "#initiated=true&nonce=…"): continue the order kept in the
    // server-side session, with the order's nonce as proof that the app is on this customer's device. The nonce
    // leaves the address bar at once; it only ever travels in a POST body.
    function resume() {
        var hash = window.location.hash.replace(/^#/, "");
        var fields = new URLSearchParams(hash);
        if (fields.get("initiated") !== "true") {
            return;
        }
        var params = {};
        if (fields.get("nonce")) {
            params.nonce = fields.get("nonce");
        }
        if (window.history && window.history.replaceState) {
            window.history.replaceState(null, "", window.location.pathname + window.location.search);
        }
        window.clearTimeout(statusTimer);
        post("/status", params)
            .then(function (response) { return response.ok ? response.json() : { state: "none" }; })
            .then(handle)
            .catch(function () { /* start page as usual */ });
    }

    show(choices, true);
    resume();
    // The app may return to this very page (only the fragment changes): no reload, so listen for it.
    window.addEventListener("hashchange", resume);
})();
