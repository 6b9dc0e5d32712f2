"""Bar charts drawn on the server as SVG: the numbers decided here, the drawing in one template macro."""

from dataclasses import dataclass, field

from quizapp.records.insights import ALL, Insights

BLUE, GREY = "#1d70b8", "#505a5f"


@dataclass
class Bar:
    fraction: float
    text: str
    colour: str = BLUE


@dataclass
class BarRow:
    label: str
    bars: list[Bar]


@dataclass
class Chart:
    """A horizontal bar chart with a title and a description that says what it shows in words."""

    id: str
    title: str
    description: str
    rows: list[BarRow]
    legend: list[tuple[str, str]] = field(default_factory=list)

    @property
    def height(self) -> int:
        return 40 + sum(8 + 24 * len(row.bars) for row in self.rows)


def _short(text: str, limit: int = 34) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def confidence_chart(insights: Insights) -> Chart:
    """Confidence before and after, out of 5, for each group shown and everyone shown."""
    rows = [
        BarRow(_short(name), [Bar((g.before or 0) / 5, f"{g.before}", GREY), Bar((g.after or 0) / 5, f"{g.after}")])
        for name, g in [*insights.groups.items(), (ALL, insights.everyone)]
    ]
    everyone = insights.everyone
    description = f"Average confidence out of 5 rose from {everyone.before} before to {everyone.after} after."
    return Chart(
        "confidence-chart", "Confidence before and after", description, rows, [("Before", GREY), ("After", BLUE)]
    )


def checks_chart(insights: Insights) -> Chart:
    """The share right at the first try on each knowledge check, hardest first."""
    hardest = insights.checks_hardest_first
    rows = [BarRow(_short(check.prompt), [Bar((share or 0) / 100, f"{share}%")]) for check, share in hardest]
    description = (
        f"The check fewest people got right at the first try: {hardest[0][0].prompt} ({hardest[0][1]}%)."
        if hardest
        else "No knowledge checks answered yet."
    )
    return Chart("checks-chart", "Right at the first try, hardest first", description, rows)


def completions_chart(insights: Insights) -> Chart:
    """Completions per month; months with fewer than five are not shown."""
    counted = [n for _, n in insights.months if n is not None]
    most = max(counted, default=0) or 1
    rows = [
        BarRow(f"{day:%B %Y}", [Bar((n or 0) / most, "fewer than 5" if n is None else str(n))])
        for day, n in insights.months
    ]
    description = f"{sum(counted)} completions over {len(insights.months)} months."
    return Chart("completions-chart", "Completions by month", description, rows)
