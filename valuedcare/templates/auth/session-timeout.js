/*
 * Session timeout warning. The header's notice (#session-notice) says, without JavaScript, when
 * the session will end if the user does nothing. This script reads its data attributes and, when
 * the warning time comes, opens a dialog offering to stay signed in (a request to the keep-alive
 * URL renews the session) or to sign out. When the time is up it goes to the sign-in page.
 */
(function () {
  "use strict";

  var notice = document.getElementById("session-notice");
  if (!notice || typeof window.fetch !== "function") {
    return;
  }
  var lifetime = Number(notice.getAttribute("data-session-seconds")) * 1000;
  var warnAfter = Number(notice.getAttribute("data-session-warning-seconds")) * 1000;
  var keepAliveUrl = notice.getAttribute("data-session-keep-alive-url");
  var expiredUrl = notice.getAttribute("data-session-expired-url");
  var warningTimer = null;
  var expiryTimer = null;
  var dialog = null;
  var endsAtText = "";

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text) {
      node.textContent = text;
    }
    return node;
  }

  function signOut() {
    var form = document.querySelector("form[data-sign-out]");
    if (form) {
      form.submit();
    } else {
      window.location.assign(expiredUrl);
    }
  }

  function buildDialog() {
    var box = element("dialog", "app-session-dialog");
    box.setAttribute("aria-labelledby", "session-dialog-title");
    box.setAttribute("aria-describedby", "session-dialog-text");
    var title = element("h2", "", "You are about to be signed out");
    title.id = "session-dialog-title";
    var text = element("p", "");
    text.id = "session-dialog-text";
    var stay = element("button", "nhsuk-button", "Stay signed in");
    stay.type = "button";
    stay.addEventListener("click", keepAlive);
    var leave = element("button", "nhsuk-button nhsuk-button--secondary", "Sign out");
    leave.type = "button";
    leave.addEventListener("click", signOut);
    box.appendChild(title);
    box.appendChild(text);
    box.appendChild(stay);
    box.appendChild(document.createTextNode(" "));
    box.appendChild(leave);
    document.body.appendChild(box);
    return box;
  }

  function warn() {
    if (typeof HTMLDialogElement !== "function") {
      return;
    }
    dialog = dialog || buildDialog();
    dialog.querySelector("#session-dialog-text").textContent =
      "For your security, we will sign you out" +
      (endsAtText ? " at " + endsAtText : " soon") +
      " if you do nothing. Anything you have not saved will be lost.";
    if (!dialog.open) {
      dialog.showModal();
    }
  }

  function schedule() {
    window.clearTimeout(warningTimer);
    window.clearTimeout(expiryTimer);
    warningTimer = window.setTimeout(warn, Math.max(0, warnAfter));
    expiryTimer = window.setTimeout(function () {
      window.location.assign(expiredUrl);
    }, lifetime + 1000);
  }

  function keepAlive() {
    window
      .fetch(keepAliveUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("session ended");
        }
        return response.json();
      })
      .then(function (data) {
        endsAtText = data.ends_at_text || "";
        notice.textContent = "You will be signed out at " + endsAtText + " if inactive";
        if (dialog && dialog.open) {
          dialog.close();
        }
        schedule();
      })
      .catch(function () {
        window.location.assign(expiredUrl);
      });
  }

  var match = /at (\S+) if inactive/.exec(notice.textContent || "");
  endsAtText = match ? match[1] : "";
  schedule();
})();
