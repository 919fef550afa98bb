"""What an import did to one document, for the command output and the admin preview."""

from dataclasses import dataclass, field

COUNTED = ("units", "positions", "duties", "workflows", "steps")


@dataclass
class ImportReport:
    document: str
    unchanged: bool = False
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    deleted: dict[str, int] = field(default_factory=dict)
    totals: dict[str, int] = field(default_factory=dict)
    noise_lines: list[int] = field(default_factory=list)
    repeated_title_lines: list[int] = field(default_factory=list)
    not_understood: list[tuple[int, str]] = field(default_factory=list)
    set_aside: list[tuple[int, str]] = field(default_factory=list)
    unsure: list[tuple[int, str]] = field(default_factory=list)
    kept_edits: list[str] = field(default_factory=list)
    # Imported earlier from this document, no longer in it; kept, not deleted.
    missing: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # HR's corrections whose line is no longer in the document: (old line, role, text).
    lost_corrections: list[tuple[int, str, str]] = field(default_factory=list)
    # Each described position with how sure the reading is: (title, line, high/medium/low).
    positions: list[tuple[str, int, str]] = field(default_factory=list)
    lines_total: int = 0
    lines_used: int = 0

    @property
    def used_share(self) -> float:
        return self.lines_used / self.lines_total if self.lines_total else 1.0

    def bump(self, bucket: str, what: str, n: int = 1) -> None:
        counts = getattr(self, bucket)
        counts[what] = counts.get(what, 0) + n

    def as_text(self) -> str:
        t = self.totals
        lines = [
            f"== {self.document}" + (" (unchanged, nothing written)" if self.unchanged else ""),
            "   " + " ".join(f"{k}={t.get(k, 0)}" for k in COUNTED),
            f"   created={self.created} updated={self.updated} deleted={self.deleted}",
            f"   lines skipped as noise: {len(self.noise_lines)} {self.noise_lines}",
            f"   lines skipped as repeated titles: {len(self.repeated_title_lines)}"
            f" {self.repeated_title_lines}",
            f"   lines not understood: {len(self.not_understood)}",
        ]
        lines += [f"     line {n}: {text}" for n, text in self.not_understood]
        lines.append(
            f"   lines set aside as a pasted regulation or article (not stored): {len(self.set_aside)}"
        )
        lines += [f"     line {n}: {text}" for n, text in self.set_aside[:3]]
        if len(self.set_aside) > 3:
            lines.append(f"     … {len(self.set_aside) - 3} more")
        lines.append(f"   lines kept as items without a list marker, worth a look: {len(self.unsure)}")
        lines += [f"     line {n}: {text}" for n, text in self.unsure]
        lines += [f"   kept HR edit: {e}" for e in self.kept_edits]
        lines += [f"   no longer in the document, kept: {m}" for m in self.missing]
        lines.append(
            f"   lines used: {self.lines_used} of {self.lines_total} non-empty ({self.used_share:.0%})"
        )
        lines += [
            f"   position {title} (line {line}): {confidence}" for title, line, confidence in self.positions
        ]
        lines += [
            f"   correction not reapplied: line {n} {role}: {text}" for n, role, text in self.lost_corrections
        ]
        lines += [f"   warning: {w}" for w in self.warnings]
        return "\n".join(lines)
