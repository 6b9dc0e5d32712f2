"""Hostile text: markup a browser would run, and cells a spreadsheet would run as formulas."""

MARKUP = [
    '<script>alert("x")</script>',
    '"><img src=x onerror=alert(1)>',
    "' onmouseover='alert(2)",
    '<a href="javascript:alert(3)">click</a>',
    "javascript:alert(4)",
    '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(5)"><script>alert(6)</script></svg>',
    "{{7*7}} ${7*7}",
]
FORMULAS = ['=HYPERLINK("http://evil.example/x","Click me")', "+SUM(1,1)", "-2+3", "@cmd", "\tTab start", "\rCR start"]
# Each written answer holds all of it, one payload a line, so every payload starts a line as a cell would.
ANSWER = "\n".join(MARKUP + FORMULAS)


def visible(payload: str) -> str:
    """The payload as extracted text compares: without whitespace, which documents wrap and tabs become."""
    return "".join(payload.split())
