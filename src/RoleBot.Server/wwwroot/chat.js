// The local chat page: posts Bot Framework activities to /api/messages with deliveryMode
// "expectReplies" (the answers come back in the response), so it exercises the same adapter, routes
// and card rendering as Teams. Card buttons send the same invoke Teams sends for Action.Execute;
// the 👍/👎 under an answer send the same message/submitAction invoke as Teams' feedback buttons.
(function () {
  "use strict";
  const log = document.getElementById("log");
  const form = document.getElementById("composer");
  const input = document.getElementById("question");
  const conversation = { id: "local-" + Math.random().toString(36).slice(2), conversationType: "personal" };
  const user = { id: "local-user", name: "You" };
  const bot = { id: "rolebot", name: "RoleBot" };
  let counter = 0;

  function activity(extra) {
    counter += 1;
    return Object.assign({
      id: "local-" + counter, channelId: "webchat", serviceUrl: location.origin, timestamp: new Date().toISOString(),
      from: user, recipient: bot, conversation, deliveryMode: "expectReplies", locale: navigator.language || "en-US",
    }, extra);
  }

  function add(cls, node) {
    const wrap = document.createElement("div");
    wrap.className = "msg " + cls;
    if (typeof node === "string") wrap.textContent = node; else wrap.appendChild(node);
    log.appendChild(wrap);
    log.scrollTop = log.scrollHeight;
    return wrap;
  }

  async function post(body) {
    const response = await fetch("api/messages", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
    if (response.status === 401) throw new Error("This server requires Bot Framework authentication; run it locally in Development (see README).");
    if (!response.ok) throw new Error("RoleBot answered " + response.status);
    const text = await response.text(); // an acknowledged invoke is 200 with no body
    return text ? JSON.parse(text) : null;
  }

  // Teams' feedback invoke: replyToId names the answer; the text travels as a JSON string.
  function sendFeedback(replyId, reaction, text) {
    const feedback = JSON.stringify(text ? { feedbackText: text } : {});
    return post(activity({ type: "invoke", name: "message/submitAction", replyToId: replyId, value: { actionName: "feedback", actionValue: { reaction, feedback } } }));
  }

  function button(label, title, onClick) {
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = label;
    b.title = title;
    b.setAttribute("aria-label", title);
    b.addEventListener("click", onClick);
    return b;
  }

  // Under an answer the bot asked feedback for (channelData.feedbackLoop, as Teams reads it).
  function feedbackBar(reply) {
    const bar = document.createElement("div");
    bar.className = "feedback";
    const done = (text) => { const p = document.createElement("span"); p.className = "thanks"; p.textContent = text; bar.replaceChildren(p); };
    const fail = (e) => done("Could not send feedback: " + e.message);
    bar.append(
      button("👍", "This helped", () => sendFeedback(reply.id, "like").then(() => done("Thanks for the feedback!"), fail)),
      button("👎", "This didn't help", () => sendFeedback(reply.id, "dislike").then(() => bar.replaceChildren(lookingFor(reply, done, fail)), fail)));
    return bar;
  }

  // A 👎 asks one optional question.
  function lookingFor(reply, done, fail) {
    const form = document.createElement("form");
    form.className = "looking-for";
    const label = document.createElement("label");
    label.textContent = "Thanks for telling us. What were you looking for? (optional)";
    const text = document.createElement("input");
    text.name = "feedbackText";
    text.maxLength = 1000;
    label.appendChild(text);
    const send = document.createElement("button");
    send.type = "submit";
    send.textContent = "Send";
    form.append(label, send);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const value = text.value.trim();
      if (!value) { done("Thanks for the feedback!"); return; }
      sendFeedback(reply.id, "dislike", value).then(() => done("Thank you. That tells us what to write next."), fail);
    });
    return form;
  }

  function showReply(reply, target) {
    const card = (reply.attachments || []).find((a) => a.contentType === "application/vnd.microsoft.card.adaptive");
    let node;
    if (card) node = AdaptiveCards.render(card.content, (action) => onAction(action, wrapper));
    else { node = document.createElement("div"); node.className = "ac-card ac-text"; node.textContent = reply.text || ""; }
    const wrapper = target || add("bot", document.createElement("div"));
    wrapper.replaceChildren(node);
    // Suggested actions are Teams' chips by the compose box; here they sit under the card, so the
    // ones that repeat a card button are left out.
    const onCard = new Set(Array.from(node.querySelectorAll(".ac-actions button")).map((b) => b.textContent));
    const chips = ((reply.suggestedActions && reply.suggestedActions.actions) || []).filter((a) => !onCard.has(a.title));
    if (chips.length) {
      const bar = document.createElement("div");
      bar.className = "suggested";
      for (const a of chips) {
        const b = document.createElement("button");
        b.type = "button";
        b.textContent = a.title;
        b.addEventListener("click", () => ask(a.value, a.title));
        bar.appendChild(b);
      }
      wrapper.appendChild(bar);
    }
    const data = reply.channelData || {};
    if (reply.id && (data.feedbackLoop || data.feedbackLoopEnabled)) wrapper.appendChild(feedbackBar(reply));
    // Scroll once the answer is in place, so its start is in view rather than its empty box.
    wrapper.scrollIntoView({ block: "start" });
    return wrapper;
  }

  async function ask(text, shown) {
    add("user", shown || text);
    try {
      const result = await post(activity({ type: "message", text }));
      for (const reply of (result && result.activities) || []) showReply(reply);
    } catch (e) { add("bot error", e.message); }
  }

  // Action.Execute: the invoke Teams sends; its result is the next answer's card. (Teams swaps it
  // into the clicked card's place; this page shows it as the next message to keep the history.)
  // Action.Submit (older clients): a message whose value is the button's data.
  async function onAction(action, wrapper) {
    try {
      if (action.type === "Action.Execute") {
        add("user", action.title);
        const result = await post(activity({ type: "invoke", name: "adaptiveCard/action", value: { action: { type: "Action.Execute", id: action.id, verb: action.verb, data: action.data }, trigger: "manual" } }));
        if (result && result.value && result.type === "application/vnd.microsoft.card.adaptive") {
          showReply({ attachments: [{ contentType: result.type, content: result.value }] });
        } else if (result && result.value && result.value.message) add("bot error", result.value.message);
      } else {
        add("user", action.title);
        const result = await post(activity({ type: "message", value: action.data }));
        for (const reply of (result && result.activities) || []) showReply(reply);
      }
    } catch (e) { add("bot error", e.message); }
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    input.value = "";
    ask(text);
  });

  // The welcome a new conversation gets, as Teams shows on install.
  post(activity({ type: "conversationUpdate", membersAdded: [bot] }))
    .then((result) => { for (const reply of (result && result.activities) || []) showReply(reply); })
    .catch((e) => add("bot error", e.message));
})();
