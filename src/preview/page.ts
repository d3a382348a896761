// The agent-workspace page of the preview: static HTML and CSS, filled in by browser/workspace.ts. Kept in TypeScript
// strings so that `tsc` ships them in build/ with the rest, and the page needs no file lookup at run time.

/** The workspace page. Everything dynamic is rendered by `/preview/assets/workspace.js` from `/preview/api/*`. */
export function renderPage(): string {
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Upgrade Windows: local preview</title>
    <link rel="stylesheet" href="/preview/assets/workspace.css" />
    <link rel="icon" href="data:," />
    <script type="module" src="/preview/assets/workspace.js"></script>
  </head>
  <body>
    <header class="topbar">
      <h1>Upgrade Windows <span class="muted-on-dark">local preview with the Zendesk sandbox</span></h1>
      <p id="agent" class="muted-on-dark"></p>
    </header>
    <div class="workspace">
      <nav class="tickets" aria-labelledby="tickets-title">
        <h2 id="tickets-title">Tickets</h2>
        <ul id="ticket-list" class="ticket-list"></ul>
      </nav>
      <main class="ticket" aria-labelledby="ticket-title">
        <h2 id="ticket-title">Choose a ticket</h2>
        <p id="ticket-meta" class="muted"></p>
        <section aria-labelledby="conversation-title">
          <h3 id="conversation-title">Conversation</h3>
          <p class="legend">
            <span class="badge badge-public">Public reply</span> seen by the customer ·
            <span class="badge badge-internal">Internal note</span> agents only
          </p>
          <ol id="conversation" class="conversation"></ol>
        </section>
        <section aria-labelledby="reply-title" class="reply">
          <h3 id="reply-title">Reply as the customer</h3>
          <form id="reply-form">
            <div class="row">
              <label for="reply-author">From</label>
              <select id="reply-author" name="author"></select>
            </div>
            <fieldset class="row">
              <legend>Channel</legend>
              <label><input type="radio" name="channel" value="email" checked /> Email</label>
              <label><input type="radio" name="channel" value="web" /> Help centre (web)</label>
            </fieldset>
            <div class="row column">
              <label for="reply-body">Message</label>
              <textarea id="reply-body" name="body" rows="4" required></textarea>
            </div>
            <button type="submit" id="reply-send">Send reply</button>
            <p id="reply-status" role="status" class="muted"></p>
          </form>
        </section>
      </main>
      <aside class="context" aria-label="Ticket fields and apps">
        <section aria-labelledby="fields-title">
          <h2 id="fields-title">Ticket fields</h2>
          <dl id="fields" class="fields"></dl>
        </section>
        <section aria-labelledby="apps-title" class="apps">
          <div class="apps-heading">
            <h2 id="apps-title">Apps</h2>
            <button type="button" id="reload-app">Reload app</button>
          </div>
          <iframe id="sidebar" title="Upgrade Windows sidebar app" width="320" height="200"></iframe>
        </section>
      </aside>
    </div>
  </body>
</html>
`;
}

export const WORKSPACE_CSS = `
:root { --ink: #1f2933; --muted: #52606d; --line: #cbd2d9; --panel: #ffffff; --page: #f5f7fa;
  --public: #e3f2fd; --public-ink: #0b4f8a; --internal: #fff4d6; --internal-ink: #6b4500; --accent: #0b5cad; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: var(--page); }
h1 { font-size: 16px; margin: 0; }
h2 { font-size: 15px; margin: 0 0 8px; }
h3 { font-size: 14px; margin: 16px 0 8px; }
.topbar { display: flex; justify-content: space-between; align-items: baseline; gap: 16px; padding: 10px 16px; background: #03363d; color: #fff; }
.topbar p { margin: 0; }
.muted-on-dark { color: #d9e7e8; font-weight: normal; }
.muted { color: var(--muted); }
.workspace { display: grid; grid-template-columns: 260px minmax(320px, 1fr) 352px; gap: 12px; padding: 12px; align-items: start; }
.tickets, .ticket, .context > section { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 12px; }
.context { display: grid; gap: 12px; }
.ticket-list { list-style: none; margin: 0; padding: 0; display: grid; gap: 6px; }
.ticket-list button { width: 100%; text-align: left; background: #fff; border: 1px solid var(--line); border-radius: 4px; padding: 8px; color: var(--ink); font: inherit; cursor: pointer; }
.ticket-list button[aria-current="true"] { border-color: var(--accent); box-shadow: inset 3px 0 0 var(--accent); background: #eef5fc; }
.ticket-list .subject { display: block; font-weight: 600; }
.ticket-list .meta { display: block; color: var(--muted); font-size: 12px; }
.conversation { list-style: none; margin: 0; padding: 0; display: grid; gap: 10px; }
.comment { border: 1px solid var(--line); border-radius: 6px; padding: 8px 10px; }
.comment.public { background: var(--public); border-left: 4px solid var(--public-ink); }
.comment.internal { background: var(--internal); border-left: 4px dashed var(--internal-ink); }
.comment header { display: flex; flex-wrap: wrap; gap: 8px; align-items: baseline; font-size: 12px; }
.comment header strong { font-size: 13px; }
.comment .body { white-space: pre-wrap; margin: 6px 0 0; font: inherit; }
.comment .attachments { margin: 6px 0 0; padding-left: 18px; font-size: 13px; }
.badge { display: inline-block; border-radius: 3px; padding: 0 6px; font-size: 12px; font-weight: 600; }
.badge-public { background: #cfe6fb; color: var(--public-ink); }
.badge-internal { background: #ffe6a3; color: var(--internal-ink); }
.legend { font-size: 12px; color: var(--muted); margin: 0 0 8px; }
a { color: var(--accent); }
.fields { display: grid; grid-template-columns: max-content 1fr; gap: 4px 10px; margin: 0; font-size: 13px; }
.fields dt { color: var(--muted); }
.fields dd { margin: 0; overflow-wrap: anywhere; }
.apps-heading { display: flex; justify-content: space-between; align-items: baseline; }
.apps-heading button { font: inherit; font-size: 12px; padding: 2px 8px; border: 1px solid #7b8794; border-radius: 4px; background: #fff; color: var(--ink); cursor: pointer; }
.apps iframe { display: block; width: 320px; border: 1px solid var(--line); border-radius: 4px; background: #fff; }
.reply form { display: grid; gap: 8px; }
.reply .row { display: flex; gap: 10px; align-items: center; border: 0; padding: 0; margin: 0; }
.reply .column { flex-direction: column; align-items: stretch; }
.reply legend { float: left; margin-right: 10px; padding: 0; }
.reply select, .reply textarea { font: inherit; padding: 6px; border: 1px solid #7b8794; border-radius: 4px; }
.reply button { justify-self: start; font: inherit; font-weight: 600; padding: 6px 14px; border-radius: 4px; border: 0; background: var(--accent); color: #fff; cursor: pointer; }
.reply button:disabled { background: #7b8794; }
:focus-visible { outline: 3px solid #f0b429; outline-offset: 2px; }
`;
