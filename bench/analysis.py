"""Duty analysis benchmark: the matcher's precision/recall on the labelled pairs, coverage of a large
unit (200 positions, 4,000 duties) and the whole-store overlap job.

Run by bench/run.py after its other scenarios (``make bench``).
"""

import random
import statistics
import time

POSITIONS = 200
DUTIES_PER_POSITION = 20
FUNCTIONS = 30


def _large_unit():
    """A unit whose positions' duties are seed duties (so the words are real), 4,000 in all."""
    from duties.models import Duty
    from orgchart import services as tree
    from roles.models import Position

    rng = random.Random(13)
    texts = list(Duty.objects.filter(position__isnull=False).values_list("text", flat=True))
    functions = list(Duty.objects.filter(unit__isnull=False).values_list("text", flat=True))
    unit = tree.create_unit(name="分析基准部", kind="department")
    positions = Position.objects.bulk_create(
        Position(unit=unit, title=f"基准岗位{n}", summary="") for n in range(POSITIONS)
    )
    Duty.objects.bulk_create(
        Duty(position=p, kind=Duty.Kind.RESPONSIBILITY, order=k + 1, text=rng.choice(texts))
        for p in positions
        for k in range(DUTIES_PER_POSITION)
    )
    Duty.objects.bulk_create(
        Duty(unit=unit, kind=Duty.Kind.RESPONSIBILITY, order=k + 1, text=text)
        for k, text in enumerate(rng.sample(functions, min(FUNCTIONS, len(functions))))
    )
    unit.refresh_from_db()
    return unit


def analysis(measure, empty_store, repeat):
    from django.core.management import call_command

    from analysis import evaluation, selectors
    from bench.scenarios import seed_documents
    from importer.apply import import_text

    empty_store()
    for name, text in seed_documents():
        import_text(name, text)
    measure(
        "analysis: find_overlaps on the seeded store (job)",
        lambda: call_command("find_overlaps", verbosity=0),
    )
    measure(
        "analysis: matcher on the hand-labelled pairs",
        lambda: evaluation.evaluate(evaluation.load_pairs()),
        note=lambda r: f"precision {r.precision:.3f}, recall {r.recall:.3f} on {r.pairs} pairs (target 0.8)",
    )
    unit = _large_unit()
    cpu = []

    def coverage():
        started = time.process_time()
        result = selectors.unit_coverage(unit)
        cpu.append(time.process_time() - started)
        return result

    measure(
        f"analysis: coverage of a unit, {POSITIONS} positions / {POSITIONS * DUTIES_PER_POSITION:,} duties",
        coverage,
        repeat,
        note=lambda c: (
            f"{len(c.functions)} functions, {len(c.uncovered)} uncovered; CPU {cpu[0]:.2f} s first, "
            f"{statistics.median(cpu):.2f} s median (limit 1 s)"
        ),
    )
    measure(
        "analysis: find_overlaps with that unit added (job)",
        lambda: call_command("find_overlaps", verbosity=0),
    )


ALL = [analysis]
