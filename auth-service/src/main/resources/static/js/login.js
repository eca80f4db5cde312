// Tabs for the login page (WAI-ARIA tabs pattern). Without script the tabs are plain links that reload the page.
(function () {
    "use strict";
    var tablist = document.querySelector("[data-tabs]");
    if (!tablist) {
        return;
    }
    var tabs = Array.prototype.slice.call(tablist.querySelectorAll("[role=tab]"));

    function select(tab, focus) {
        tabs.forEach(function (other) {
            var selected = other === tab;
            other.setAttribute("aria-selected", selected ? "true" : "false");
            other.setAttribute("tabindex", selected ? "0" : "-1");
            document.getElementById(other.getAttribute("aria-controls")).hidden = !selected;
        });
        if (focus) {
            tab.focus();
        }
        if (window.history && window.history.replaceState) {
            window.history.replaceState(null, "", tab.getAttribute("href"));
        }
    }

    tabs.forEach(function (tab, index) {
        tab.addEventListener("click", function (event) {
            event.preventDefault();
            select(tab, true);
        });
        tab.addEventListener("keydown", function (event) {
            var next = null;
            if (event.key === "ArrowRight") {
                next = tabs[(index + 1) % tabs.length];
            } else if (event.key === "ArrowLeft") {
                next = tabs[(index - 1 + tabs.length) % tabs.length];
            } else if (event.key === "Home") {
                next = tabs[0];
            } else if (event.key === "End") {
                next = tabs[tabs.length - 1];
            } else if (event.key === " ") {
                next = tab;
            }
            if (next) {
                event.preventDefault();
                select(next, true);
            }
        });
    });

    document.querySelectorAll("[data-show-tab]").forEach(function (link) {
        link.addEventListener("click", function (event) {
            event.preventDefault();
            select(document.getElementById(link.getAttribute("data-show-tab")), true);
            var field = document.getElementById("username");
            if (field) {
                field.focus();
            }
        });
    });
})();
