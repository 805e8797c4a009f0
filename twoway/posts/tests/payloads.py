"""Classic cross-site scripting payloads. Each one, if it ran, would push to ``window.__xss`` or
open a dialog; the tests prove none does, in posts and in comments."""

from __future__ import annotations

PUSH = "window.__xss.push"

XSS_PAYLOADS: list[str] = [
    f"<script>{PUSH}('script')</script>",
    f"<SCRIPT SRC=data:text/javascript,{PUSH}('script-src')></SCRIPT>",
    f"<scr<script>ipt>{PUSH}('split')</script>",
    f"<img src=x onerror=\"{PUSH}('img-onerror')\">",
    "<img src=x onerror=alert('img-alert')>",
    f"<svg onload=\"{PUSH}('svg')\"><circle r=5 /></svg>",
    f"<svg><script>{PUSH}('svg-script')</script></svg>",
    f"[markdown link](javascript:{PUSH}('md-js'))",
    f"[case](JaVaScRiPt:{PUSH}('md-case'))",
    f"<a href=\"javascript:{PUSH}('a-js')\">plain js link</a>",
    f"<a href=\"jav&#x09;ascript:{PUSH}('tab')\">tab entity link</a>",
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;'
    f"{PUSH}('ent')\">x</a>",
    f"<a href=\" javascript:{PUSH}('space')\">leading space</a>",
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">data link</a>',
    "![data image](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+PC9zdmc+)",
    f"![title trick](x\" onerror=\"{PUSH}('md-img'))",
    f"<iframe src=\"javascript:{PUSH}('iframe')\"></iframe>",
    f"<iframe srcdoc=\"<script>parent.{PUSH}('srcdoc')</script>\"></iframe>",
    f"<p style=\"background:url(javascript:{PUSH}('style-url'))\">styled</p>",
    f"<div style=\"width: expression({PUSH}('expression'))\">old IE</div>",
    f"<style>@import 'javascript:{PUSH}(1)';</style>",
    f"<details open ontoggle=\"{PUSH}('details')\"><summary>s</summary></details>",
    f"<input autofocus onfocus=\"{PUSH}('input')\">",
    f"<object data=\"javascript:{PUSH}('object')\"></object>",
    f"<embed src=\"javascript:{PUSH}('embed')\">",
    f"<form action=\"javascript:{PUSH}('form')\"><button>go</button></form>",
    f"<math><mtext><table><mglyph><style><img src=x onerror=\"{PUSH}('mxss')\">",
    f'<a href="https://example.org" onmouseover="{PUSH}(\'hover\')">hover me</a>',
    f"<video><source onerror=\"{PUSH}('video')\"></video>",
    f"<body onload=\"{PUSH}('body')\">",
    f'<meta http-equiv="refresh" content="0;url=javascript:{PUSH}(\'meta\')">',
    f"<base href=\"javascript:{PUSH}('base')//\">",
    f"<<img src=x onerror={PUSH}('double-bracket')//>",
    f"`<script>{PUSH}('in-code')</script>`",
]
