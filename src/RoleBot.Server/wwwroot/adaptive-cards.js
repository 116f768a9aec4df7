// A small Adaptive Card renderer for the elements RoleBot sends (TextBlock, Container, ColumnSet,
// Table, ActionSet with Action.Execute / Action.Submit). Built with DOM APIs only: card text is
// never inserted as HTML.
(function () {
  "use strict";

  function el(tag, cls, text) {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // TextBlock markdown subset: "- " lines become a list, **bold** becomes strong.
  function inline(parent, text) {
    const parts = String(text).split(/(\*\*[^*]+\*\*)/);
    for (const part of parts) {
      if (part.startsWith("**") && part.endsWith("**") && part.length > 4) parent.appendChild(el("strong", null, part.slice(2, -2)));
      else parent.appendChild(document.createTextNode(part));
    }
  }

  function textBlock(item) {
    const cls = ["ac-text"];
    if (item.weight === "Bolder") cls.push("ac-bolder");
    if (item.size === "Medium" || item.size === "Large") cls.push("ac-medium");
    if (item.size === "Small") cls.push("ac-small");
    if (item.isSubtle) cls.push("ac-subtle");
    if (item.spacing === "Medium" || item.spacing === "Large") cls.push("ac-spacing");
    const node = el("div", cls.join(" "));
    const lines = String(item.text || "").split(/\r\n|\r|\n/);
    if (lines.length > 0 && lines.every((l) => l.startsWith("- "))) {
      const ul = el("ul");
      for (const line of lines) { const li = el("li"); inline(li, line.slice(2)); ul.appendChild(li); }
      node.appendChild(ul);
    } else {
      inline(node, item.text || "");
    }
    return node;
  }

  function table(item, ctx) {
    const t = el("table", "ac-table");
    (item.rows || []).forEach((row, r) => {
      const tr = el("tr");
      (row.cells || []).forEach((cell) => {
        const td = el(item.firstRowAsHeader && r === 0 ? "th" : "td");
        renderItems(td, cell.items || [], ctx);
        tr.appendChild(td);
      });
      t.appendChild(tr);
    });
    return t;
  }

  function columnSet(item, ctx) {
    const row = el("div");
    row.style.display = "flex";
    row.style.gap = "8px";
    for (const col of item.columns || []) {
      const c = el("div");
      c.style.flex = "1";
      renderItems(c, col.items || [], ctx);
      row.appendChild(c);
    }
    return row;
  }

  function actionSet(actions, ctx) {
    const bar = el("div", "ac-actions");
    for (const action of actions || []) {
      if (action.type !== "Action.Execute" && action.type !== "Action.Submit") continue;
      const b = el("button", null, action.title || "");
      b.type = "button";
      b.dataset.action = action.type;
      b.addEventListener("click", () => ctx.onAction(action));
      bar.appendChild(b);
    }
    return bar;
  }

  function renderItem(item, ctx) {
    switch (item.type) {
      case "TextBlock": return textBlock(item);
      case "Container": { const c = el("div"); renderItems(c, item.items || [], ctx); return c; }
      case "ColumnSet": return columnSet(item, ctx);
      case "Table": return table(item, ctx);
      case "ActionSet": return actionSet(item.actions, ctx);
      default: return item.fallback && typeof item.fallback === "object" ? renderItem(item.fallback, ctx) : null;
    }
  }

  function renderItems(parent, items, ctx) {
    for (const item of items) {
      const node = renderItem(item, ctx);
      if (node) parent.appendChild(node);
    }
  }

  window.AdaptiveCards = {
    render(card, onAction) {
      const root = el("div", "ac-card");
      root.dataset.testid = "card";
      const ctx = { onAction };
      renderItems(root, card.body || [], ctx);
      if (card.actions && card.actions.length) root.appendChild(actionSet(card.actions, ctx));
      return root;
    },
  };
})();
