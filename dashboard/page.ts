/** The page shell: styles and the mount point; everything else is drawn by /app.js. */
export const PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>meshtensor dashboard</title>
<style>
:root { --bg:#0f1419; --panel:#161d26; --line:#263140; --text:#d8dee9; --dim:#8a96a8; --accent:#5fb3f9; --ok:#5fd38d; --bad:#f26d6d; --warn:#f2c14e; }
* { box-sizing: border-box; }
body { margin:0; font:14px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; background:var(--bg); color:var(--text); }
header { display:flex; gap:16px; align-items:center; padding:10px 20px; border-bottom:1px solid var(--line); background:var(--panel); }
header h1 { font-size:16px; margin:0; }
header a { color:var(--text); text-decoration:none; }
#status { margin-left:auto; font-size:13px; color:var(--dim); }
.dot { display:inline-block; width:9px; height:9px; border-radius:50%; margin-right:6px; background:var(--warn); }
.dot.up { background:var(--ok); } .dot.down { background:var(--bad); }
main { padding:16px 20px; }
.banner { padding:10px 14px; border-radius:6px; margin-bottom:14px; background:#3a1f24; border:1px solid var(--bad); }
.banner.info { background:#1f2a3a; border-color:var(--accent); }
.cards { display:flex; flex-wrap:wrap; gap:12px; margin-bottom:16px; }
.card { background:var(--panel); border:1px solid var(--line); border-radius:6px; padding:10px 14px; min-width:150px; }
.card .k { color:var(--dim); font-size:12px; } .card .v { font-size:18px; font-variant-numeric:tabular-nums; }
h2 { font-size:15px; margin:18px 0 8px; } h2 small { color:var(--dim); font-weight:normal; }
table { border-collapse:collapse; width:100%; background:var(--panel); border:1px solid var(--line); font-variant-numeric:tabular-nums; }
th, td { padding:5px 8px; border-bottom:1px solid var(--line); text-align:right; white-space:nowrap; }
th { color:var(--dim); font-weight:600; cursor:pointer; user-select:none; position:sticky; top:0; background:var(--panel); }
th.sorted::after { content:" \\25BE"; } th.sorted.asc::after { content:" \\25B4"; }
td.l, th.l { text-align:left; }
tr:hover td { background:#1c2530; }
a { color:var(--accent); }
.mono { font-family: ui-monospace, Menlo, Consolas, monospace; font-size:12px; }
.grid { display:grid; grid-template-columns:repeat(auto-fit, minmax(420px, 1fr)); gap:14px; }
.panel { background:var(--panel); border:1px solid var(--line); border-radius:6px; padding:10px; }
.panel h3 { margin:0 0 6px; font-size:13px; color:var(--dim); font-weight:600; }
canvas { width:100%; height:240px; display:block; }
.legend { display:flex; flex-wrap:wrap; gap:10px; font-size:12px; color:var(--dim); margin-top:6px; }
.legend i { display:inline-block; width:10px; height:10px; margin-right:4px; vertical-align:middle; }
.tag { padding:1px 6px; border-radius:8px; background:#263140; font-size:12px; }
.tag.bad { background:#4a2228; } .tag.good { background:#1f3a2b; }
.empty { color:var(--dim); padding:20px; text-align:center; }
</style>
</head>
<body>
<header><h1><a href="#/">meshtensor</a></h1><nav id="crumbs"></nav><div id="status"><span class="dot"></span>connecting</div></header>
<main id="app"><div class="empty">loading...</div></main>
<script src="/app.js"></script>
</body>
</html>
`;
