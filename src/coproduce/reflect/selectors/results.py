"""What a round found, kept as many voices rather than one number; and where each service stands across the place.

Results never come down to an average. Each dimension shows the median (the middle answer, which an ordered scale
can honestly have), the spread from the lowest answer to the highest, and every perspective on its own. Where people
see something differently, that is said outright rather than smoothed over.

Everything here reads a fixed number of queries whatever the size of the round or the place, and returns plain
dataclasses that the pages, the PDF and the charts share.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property

from django.db.models import Count, F, Q, Window
from django.db.models.functions import RowNumber
from django.utils.translation import gettext as _

from coproduce.frameworks import Dimension
from coproduce.frameworks import Framework as FrameworkDefinition
from coproduce.reflect.models import Answer, Framework, Idea, Participant, Perspective, Rag, ReflectionRound

# People see something differently when two answers are this many points apart on the scale, or when one person
# gave RED and another GREEN. Said in these words on the results page (see DIFFERENCE_RULE).
DIFFER_POINTS = 2
# Distance travelled shows at most this many rounds (the first, the most recent, and this one), so it stays readable.
HISTORY_SHOWN = 8
# A readiness gap (need minus now, in medians) of this much or more implies training.
TRAINING_GAP = 1


def difference_rule() -> str:
    return _(
        "We say people see something differently when two of their answers are %(points)s or more points apart, "
        "or when someone gave RED and someone else GREEN."
    ) % {"points": DIFFER_POINTS}


def median_of(counts: dict[int, int]) -> float | None:
    """The median of answers given as {value: how many}, without listing every answer."""
    total = sum(counts.values())
    if not total:
        return None
    ordered = sorted(counts.items())

    def nth(position: int) -> int:
        seen = 0
        for value, many in ordered:
            seen += many
            if position < seen:
                return value
        raise IndexError(position)  # pragma: no cover - position < total always

    middle = total // 2
    if total % 2:
        return float(nth(middle))
    return (nth(middle - 1) + nth(middle)) / 2


def number_text(number: float | None) -> str:
    """3 rather than 3.0; 2.5 as it is; a dash for nothing."""
    if number is None:
        return "–"
    return str(int(number)) if float(number).is_integer() else f"{number:.1f}"


@dataclass(frozen=True)
class Spread:
    """Answers on the scale (sorted; "don't know" is counted apart, never as a number)."""

    values: tuple[int, ...] = ()
    dont_know: int = 0

    @classmethod
    def of(cls, values: Iterable[int | None]) -> Spread:
        given = list(values)
        return cls(values=tuple(sorted(v for v in given if v is not None)), dont_know=sum(v is None for v in given))

    @classmethod
    def from_counts(cls, counts: dict[int, int]) -> Spread:
        return cls(values=tuple(value for value, many in sorted(counts.items()) for _copy in range(many)))

    @property
    def count(self) -> int:
        return len(self.values)

    @cached_property
    def median(self) -> float | None:
        values, middle = self.values, len(self.values) // 2
        if not values:
            return None
        return float(values[middle]) if len(values) % 2 else (values[middle - 1] + values[middle]) / 2

    @property
    def lowest(self) -> int | None:
        return self.values[0] if self.values else None

    @property
    def highest(self) -> int | None:
        return self.values[-1] if self.values else None

    @property
    def points_apart(self) -> int:
        return (self.values[-1] - self.values[0]) if self.values else 0

    @property
    def median_text(self) -> str:
        return number_text(self.median)

    @property
    def range_text(self) -> str:
        if not self.values:
            return "–"
        if self.lowest == self.highest:
            return str(self.lowest)
        return f"{self.lowest} to {self.highest}"

    @property
    def values_text(self) -> str:
        return ", ".join(map(str, self.values)) or "–"

    def counts(self) -> list[tuple[int, int]]:
        return sorted(Counter(self.values).items())


@dataclass(frozen=True)
class RagCounts:
    red: int = 0
    amber: int = 0
    green: int = 0

    @classmethod
    def of(cls, rags: Iterable[str]) -> RagCounts:
        counted = Counter(rags)
        return cls(red=counted[Rag.RED], amber=counted[Rag.AMBER], green=counted[Rag.GREEN])

    @property
    def total(self) -> int:
        return self.red + self.amber + self.green

    @property
    def split(self) -> bool:
        """Both RED and GREEN: people are not looking at the same thing in the same way."""
        return self.red > 0 and self.green > 0

    @property
    def mostly(self) -> str:
        """The colour most people gave, or "mixed" when two tie for most; "" when nobody gave one."""
        if not self.total:
            return ""
        counts = {Rag.RED.value: self.red, Rag.AMBER.value: self.amber, Rag.GREEN.value: self.green}
        most = max(counts.values())
        leaders = [colour for colour, many in counts.items() if many == most]
        return leaders[0] if len(leaders) == 1 else "mixed"

    @property
    def mostly_text(self) -> str:
        return {
            "": _("None given"),
            "mixed": _("Mixed"),
            Rag.RED.value: _("Mostly red") if self.amber or self.green else _("All red"),
            Rag.AMBER.value: _("Mostly amber") if self.red or self.green else _("All amber"),
            Rag.GREEN.value: _("Mostly green") if self.red or self.amber else _("All green"),
        }[self.mostly]

    @property
    def short_text(self) -> str:
        return f"R{self.red} A{self.amber} G{self.green}"

    @property
    def words(self) -> str:
        return _("%(red)s red, %(amber)s amber, %(green)s green") % {
            "red": self.red,
            "amber": self.amber,
            "green": self.green,
        }


@dataclass(frozen=True)
class PerspectiveResult:
    perspective: str
    label: str
    now: Spread
    need: Spread | None
    rag: RagCounts


@dataclass(frozen=True)
class Quote:
    label: str
    perspective: str
    answer: str
    rag: str
    text: str


@dataclass(frozen=True)
class CellResult:
    """One dimension (for one group or activity, in readiness and ladder frameworks), every perspective kept apart."""

    number: int
    title: str
    dimension: Dimension
    subject: str
    perspectives: list[PerspectiveResult]
    everyone: Spread
    need: Spread | None
    rag: RagCounts
    quotes: list[Quote]
    differences: list[str]

    @property
    def anchor(self) -> str:
        return f"result-{self.number}"

    @property
    def differs(self) -> bool:
        return bool(self.differences)

    @property
    def gap(self) -> float | None:
        if self.need is None or self.need.median is None or self.everyone.median is None:
            return None
        return self.need.median - self.everyone.median

    @property
    def gap_text(self) -> str:
        gap = self.gap
        if gap is None:
            return "–"
        return ("+" if gap > 0 else "") + number_text(gap)

    @property
    def answered(self) -> int:
        return self.everyone.count + self.everyone.dont_know


@dataclass(frozen=True)
class PerspectiveCount:
    perspective: str
    label: str
    invited: int
    answered: int


@dataclass(frozen=True)
class PastRound:
    round_id: int
    title: str
    opened_at: datetime
    closed_at: datetime | None
    is_this: bool
    by_dimension: dict[str, Spread]

    def median(self, key: str) -> float | None:
        spread = self.by_dimension.get(key)
        return spread.median if spread is not None else None


@dataclass(frozen=True)
class Travelled:
    dimension: Dimension
    medians: list[float | None]  # one for each round in History.rounds, oldest first

    @property
    def first(self) -> float | None:
        return self.medians[0]

    @property
    def now(self) -> float | None:
        return self.medians[-1]

    @property
    def change(self) -> float | None:
        if self.first is None or self.now is None:
            return None
        return self.now - self.first

    @property
    def change_text(self) -> str:
        change = self.change
        if change is None:
            return "–"
        if change == 0:
            return _("no change")
        return ("+" if change > 0 else "") + number_text(change)

    @property
    def medians_text(self) -> list[str]:
        return [number_text(median) for median in self.medians]


@dataclass(frozen=True)
class History:
    """Earlier closed rounds with the same framework about the same organisation or service, and this one last."""

    rounds: list[PastRound]
    rows: list[Travelled]
    earlier_total: int

    @property
    def first(self) -> PastRound:
        return self.rounds[0]

    @property
    def has_earlier(self) -> bool:
        return len(self.rounds) > 1

    @property
    def skipped(self) -> int:
        """Earlier rounds left out of the chart and table between the first and the most recent."""
        return self.earlier_total - (len(self.rounds) - 1)


@dataclass(frozen=True)
class TrainingNeed:
    subject: str
    dimension: Dimension
    now: float | None
    need: float | None
    gap: float

    @property
    def gap_text(self) -> str:
        return number_text(self.gap)


@dataclass
class RoundResults:
    round: ReflectionRound
    framework: FrameworkDefinition
    who: list[PerspectiveCount]
    perspectives: list[tuple[str, str]]  # (value, label) of every perspective that answered, in a fixed order
    cells: list[CellResult]
    history: History
    chosen_ideas: list[str] = field(default_factory=list)

    @property
    def answered(self) -> int:
        return sum(row.answered for row in self.who)

    @property
    def invited(self) -> int:
        return sum(row.invited for row in self.who)

    @property
    def has_answers(self) -> bool:
        return any(cell.answered for cell in self.cells)

    @property
    def differing(self) -> list[CellResult]:
        return [cell for cell in self.cells if cell.differs]

    @property
    def subjects(self) -> list[str]:
        return list(dict.fromkeys(cell.subject for cell in self.cells if cell.subject))

    def cell(self, dimension: str, subject: str = "") -> CellResult | None:
        return next((c for c in self.cells if c.dimension.key == dimension and c.subject == subject), None)

    @property
    def shows_rag(self) -> bool:
        return self.framework.rag and any(cell.rag.total for cell in self.cells)

    @property
    def shows_radar(self) -> bool:
        return self.framework.kind == "rating" and len(self.framework.dimensions) >= 3

    @property
    def training_needs(self) -> list[TrainingNeed]:
        """Readiness: where a group needs to be at least TRAINING_GAP above where it is, largest gap first."""
        if not self.framework.asks_target:
            return []
        needs = [
            TrainingNeed(cell.subject, cell.dimension, cell.everyone.median, cell.need.median, cell.gap)
            for cell in self.cells
            if cell.need is not None and cell.gap is not None and cell.gap >= TRAINING_GAP
        ]
        # sorted() is stable, so equal gaps keep the order of groups and areas as the facilitator named them.
        return sorted(needs, key=lambda need: -need.gap)


def _perspective_labels() -> dict[str, str]:
    return {value: str(label) for value, label in Perspective.choices}


def _answer_text(definition: FrameworkDefinition, value: int | None) -> str:
    if value is None:
        return _("Don't know")
    point = definition.point(value)
    return f"{value} – {point.label}" if point else str(value)


def _differences(definition: FrameworkDefinition, now: Spread, need: Spread | None, rag: RagCounts) -> list[str]:
    found = []
    if now.count > 1 and now.points_apart >= DIFFER_POINTS:
        found.append(
            _("Answers are %(apart)s points apart, from %(low)s to %(high)s.")
            % {
                "apart": now.points_apart,
                "low": _answer_text(definition, now.lowest),
                "high": _answer_text(definition, now.highest),
            }
        )
    if need is not None and need.count > 1 and need.points_apart >= DIFFER_POINTS:
        found.append(
            _("Where it needs to be: answers are %(apart)s points apart, from %(low)s to %(high)s.")
            % {"apart": need.points_apart, "low": need.lowest, "high": need.highest}
        )
    if rag.split:
        found.append(
            _("%(red)s gave RED and %(green)s gave GREEN.") % {"red": rag.red, "green": rag.green},
        )
    return found


def round_results(round_: ReflectionRound) -> RoundResults:
    """Everything the results page, its charts and the PDF show about one round, in five queries.

    `round_` should come with its framework (select_related); a round without it costs one query more.
    """
    definition = round_.framework.definition
    labels = _perspective_labels()
    participants = {p.pk: p for p in round_.participants.select_related("person")}
    answers = list(
        Answer.objects.filter(participant__round=round_).values_list(
            "participant_id", "dimension", "subject", "value", "target", "rag", "evidence"
        )
    )
    chosen_ideas = list(Idea.objects.filter(round=round_, chosen=True).values_list("text", flat=True))

    invited: Counter[str] = Counter(p.perspective for p in participants.values())
    answered: Counter[str] = Counter(p.perspective for p in participants.values() if p.submitted_at is not None)
    who = [
        PerspectiveCount(value, labels[value], invited[value], answered[value])
        for value in Perspective.values
        if invited[value]
    ]
    answering_ids = {participant_id for participant_id, *_rest in answers}
    present = {participants[pk].perspective for pk in answering_ids}
    perspectives = [(value, labels[value]) for value in Perspective.values if value in present]

    grouped: dict[tuple[str, str], list[tuple[Participant, int | None, int | None, str, str]]] = defaultdict(list)
    for participant_id, key, subject, value, target, rag, evidence in answers:
        grouped[(key, subject)].append((participants[participant_id], value, target, rag, evidence))

    subjects = list(round_.subjects) if definition.subjects is not None else [""]
    # Answers to a group or activity no longer on the round's list still count; they come last.
    subjects += [s for s in dict.fromkeys(subject for _dimension, subject in grouped) if s not in subjects]
    cells: list[CellResult] = []
    for dimension in definition.dimensions:
        for subject in subjects:
            rows = grouped.get((dimension.key, subject), [])
            if subject and not rows and subject not in round_.subjects:
                continue
            cells.append(_cell(len(cells) + 1, definition, dimension, subject, rows, perspectives))

    return RoundResults(
        round=round_,
        framework=definition,
        who=who,
        perspectives=perspectives,
        cells=cells,
        history=_history(round_, definition, cells),
        chosen_ideas=chosen_ideas,
    )


def _cell(
    number: int,
    definition: FrameworkDefinition,
    dimension: Dimension,
    subject: str,
    rows: Sequence[tuple[Participant, int | None, int | None, str, str]],
    perspectives: Sequence[tuple[str, str]],
) -> CellResult:
    asks_target = definition.asks_target
    by_perspective = []
    for value, label in perspectives:
        mine = [row for row in rows if row[0].perspective == value]
        by_perspective.append(
            PerspectiveResult(
                perspective=value,
                label=label,
                now=Spread.of(row[1] for row in mine),
                need=Spread.of(row[2] for row in mine) if asks_target else None,
                rag=RagCounts.of(row[3] for row in mine),
            )
        )
    everyone = Spread.of(row[1] for row in rows)
    need = Spread.of(row[2] for row in rows) if asks_target else None
    rag = RagCounts.of(row[3] for row in rows)
    order = {value: index for index, (value, _label) in enumerate(perspectives)}
    quotes = [
        Quote(
            label=participant.label,
            perspective=participant.get_perspective_display(),
            answer=_answer_text(definition, value),
            rag=rag_value,
            text=evidence,
        )
        for participant, value, _target, rag_value, evidence in sorted(
            rows, key=lambda row: order.get(row[0].perspective, len(order))
        )
        if evidence.strip()
    ]
    if not subject:
        title = dimension.title
    elif len(definition.dimensions) == 1:
        # A ladder asks one thing about each activity, so the activity alone names the result.
        title = subject
    else:
        title = f"{dimension.title}: {subject}"
    return CellResult(
        number=number,
        title=title,
        dimension=dimension,
        subject=subject,
        perspectives=by_perspective,
        everyone=everyone,
        need=need,
        rag=rag,
        quotes=quotes,
        differences=_differences(definition, everyone, need, rag),
    )


def _answer_counts(round_ids: Sequence[int]) -> dict[int, dict[str, dict[int, int]]]:
    """{round: {dimension: {value: how many gave it}}}, counted in SQL: a few rows per round, however many answers."""
    counts: dict[int, dict[str, dict[int, int]]] = defaultdict(lambda: defaultdict(dict))
    for round_id, dimension, value, many in (
        Answer.objects.filter(participant__round_id__in=round_ids, value__isnull=False)
        .values("participant__round_id", "dimension", "value")
        .annotate(many=Count("pk"))
        .values_list("participant__round_id", "dimension", "value", "many")
        .order_by()
    ):
        if value is not None:
            counts[round_id][dimension][value] = many
    return counts


def _earlier_rounds(round_: ReflectionRound) -> Q:
    same_place = Q(organisation_id=round_.organisation_id, framework__slug=round_.framework.slug)
    same_place &= Q(service_id=round_.service_id) if round_.service_id else Q(service__isnull=True)
    before = Q(opened_at__lt=round_.opened_at) | Q(opened_at=round_.opened_at, pk__lt=round_.pk)
    return same_place & before & Q(closed_at__isnull=False)


def _history(round_: ReflectionRound, definition: FrameworkDefinition, cells: Sequence[CellResult]) -> History:
    """Distance travelled: the median of each dimension in earlier closed rounds and now. Two queries."""
    earlier = list(
        ReflectionRound.objects.filter(_earlier_rounds(round_))
        .order_by("opened_at", "pk")
        .values("pk", "title", "opened_at", "closed_at")
    )
    total = len(earlier)
    if total > HISTORY_SHOWN - 1:
        # The first round is where the journey started, so it always stays.
        earlier = [earlier[0], *earlier[-(HISTORY_SHOWN - 2) :]]
    counts = _answer_counts([row["pk"] for row in earlier]) if earlier else {}
    rounds = [
        PastRound(
            round_id=row["pk"],
            title=row["title"],
            opened_at=row["opened_at"],
            closed_at=row["closed_at"],
            is_this=False,
            by_dimension={key: Spread.from_counts(values) for key, values in counts.get(row["pk"], {}).items()},
        )
        for row in earlier
    ]
    # For readiness and ladder frameworks each dimension pools every group or activity rated.
    this: dict[str, list[int]] = defaultdict(list)
    for cell in cells:
        this[cell.dimension.key].extend(cell.everyone.values)
    rounds.append(
        PastRound(
            round_id=round_.pk,
            title=round_.title,
            opened_at=round_.opened_at,
            closed_at=round_.closed_at,
            is_this=True,
            by_dimension={key: Spread(values=tuple(sorted(values))) for key, values in this.items()},
        )
    )
    rows = [
        Travelled(dimension, [past.median(dimension.key) for past in rounds]) for dimension in definition.dimensions
    ]
    return History(rounds=rounds, rows=rows, earlier_total=total)


# The place's maturity overview.


@dataclass(frozen=True)
class OverviewRow:
    organisation_id: int
    organisation: str
    service: str
    round_id: int
    round_title: str
    closed_at: datetime
    people: int
    spreads: list[Spread]  # one for each of the table's dimensions, in order

    @property
    def about(self) -> str:
        return f"{self.service} ({self.organisation})" if self.service else self.organisation


@dataclass(frozen=True)
class OverviewTable:
    slug: str
    framework: FrameworkDefinition
    rows: list[OverviewRow]

    @property
    def dimensions(self) -> tuple[Dimension, ...]:
        return self.framework.dimensions


def overview_frameworks() -> list[tuple[str, str]]:
    """(slug, title) of every framework with a closed round, for the overview's filter."""
    titles: dict[str, str] = {}
    for slug, title in (
        Framework.objects.filter(rounds__closed_at__isnull=False)
        .order_by("slug", "-loaded_at")
        .values_list("slug", "title")
        .distinct()
    ):
        titles.setdefault(slug, title)
    return sorted(titles.items(), key=lambda item: item[1])


def maturity_overview(*, framework_slug: str | None = None) -> list[OverviewTable]:
    """For each organisation or service with a closed round: its latest closed round for each framework, with the
    median and the spread of each dimension. Four queries, however many services and rounds the place has; the
    answers are counted in SQL, so only a handful of numbers per round reach Python."""
    rounds = ReflectionRound.objects.filter(closed_at__isnull=False)
    if framework_slug:
        rounds = rounds.filter(framework__slug=framework_slug)
    latest = list(
        rounds.annotate(
            newest=Window(
                RowNumber(),
                partition_by=[F("organisation_id"), F("service_id"), F("framework__slug")],
                order_by=[F("closed_at").desc(), F("pk").desc()],
            )
        )
        .filter(newest=1)
        .values(
            "pk",
            "title",
            "closed_at",
            "framework_id",
            "framework__slug",
            "organisation_id",
            "organisation__name",
            "service__name",
        )
        .order_by()
    )
    if not latest:
        return []
    ids = [row["pk"] for row in latest]
    counts = _answer_counts(ids)
    people = dict(
        Participant.objects.filter(round_id__in=ids, submitted_at__isnull=False)
        .values("round_id")
        .annotate(many=Count("pk"))
        .values_list("round_id", "many")
        .order_by()
    )
    frameworks = {
        framework.pk: framework
        for framework in Framework.objects.filter(pk__in={row["framework_id"] for row in latest}).order_by(
            "loaded_at", "pk"
        )
    }
    # Columns follow the newest version in use of each framework; a dimension an older version lacks shows a dash.
    newest: dict[str, FrameworkDefinition] = {}
    for framework in frameworks.values():
        newest[framework.slug] = framework.definition
    tables: dict[str, list[OverviewRow]] = defaultdict(list)
    for row in latest:
        slug = row["framework__slug"]
        by_dimension = counts.get(row["pk"], {})
        tables[slug].append(
            OverviewRow(
                organisation_id=row["organisation_id"],
                organisation=row["organisation__name"],
                service=row["service__name"] or "",
                round_id=row["pk"],
                round_title=row["title"],
                closed_at=row["closed_at"],
                people=people.get(row["pk"], 0),
                spreads=[Spread.from_counts(by_dimension.get(d.key, {})) for d in newest[slug].dimensions],
            )
        )
    return [
        OverviewTable(
            slug=slug,
            framework=newest[slug],
            rows=sorted(tables[slug], key=lambda r: (r.organisation.casefold(), r.service.casefold())),
        )
        for slug in sorted(tables, key=lambda slug: newest[slug].title.casefold())
    ]
