"""axe-core in the page under test, and an assertion that lists every violation readably."""

from __future__ import annotations

import textwrap
from functools import cache
from pathlib import Path
from typing import Any

from playwright.sync_api import Page

AXE_PATH = Path(__file__).with_name("axe.min.js")  # axe-core 4.14.1
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

Violation = dict[str, Any]


@cache
def _axe_source() -> str:
    return AXE_PATH.read_text(encoding="utf-8")


def inject_axe(page: Page) -> None:
    """Load axe into the current document.

    `page.add_script_tag` adds an inline <script>, which our Content-Security-Policy (script-src 'self'
    'nonce-…') rightly blocks. Rather than create the context with bypass_csp=True, which would also let inline
    style attributes through that real browsers block (style-src 'self') and so check a page nobody sees, we
    evaluate the source over the DevTools protocol, which CSP does not govern. The page keeps its real policy.
    """
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(_axe_source())


def run_axe(page: Page, *, rules: list[str] | None = None) -> list[Violation]:
    """Run axe's WCAG 2.0/2.1/2.2 A and AA rules on the whole document; return its violations.

    `rules` narrows the run to those rule ids, for checking one known problem.
    """
    inject_axe(page)
    options: dict[str, Any] = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
    if rules:
        options = {"runOnly": {"type": "rule", "values": rules}, "resultTypes": ["violations"]}
    violations: list[Violation] = page.evaluate(
        """async (options) => {
            const results = await axe.run(document, options);
            return results.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                nodes: v.nodes.map(n => ({target: n.target.map(String), html: n.html, summary: n.failureSummary})),
            }));
        }""",
        options,
    )
    return violations


def format_violations(violations: list[Violation], *, where: str = "") -> str:
    lines = [f"{where}:" if where else "Accessibility violations:"]
    for violation in violations:
        lines.append(f"  [{violation['id']}] ({violation['impact']}) {violation['help']}")
        for node in violation["nodes"]:
            lines.append(f"      at {' '.join(node['target'])}")
            lines.append(textwrap.indent(textwrap.shorten(node["html"], 300, placeholder=" …"), "        "))
    return "\n".join(lines)


def assert_no_violations(page: Page, *, where: str = "") -> None:
    violations = run_axe(page)
    assert not violations, format_violations(violations, where=where or page.url)
