"""Ranking quality on every judged set: engine vs plain TF-IDF, skill Jaccard, random.

Run: ``python bench/eval_quality.py [--sets judged dev_set] [--boot 2000]``.
Sets are the JSON files in ``bench/fixtures`` (``judged.json``: the engine's own
fixture; ``dev_set.json``: a development set written by others, used only to
measure -- never to train or to pick words from). Prints NDCG@10 and MRR@10 with
bootstrap 95% intervals (mentees resampled), hard-rule violations in any top 10
and suggestions without reasons. Baselines get the same hard-rule filter, so the
comparison is about ranking. Exit code 1 if a hard rule is broken, a suggestion
has no reason, or the engine does not beat plain TF-IDF on a set.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from mentormatch.matching import Mentee, Mentor, MentorIndex  # noqa: E402
from mentormatch.matching.evaluate import (  # noqa: E402
    JudgedSet,
    K,
    bootstrap_ci,
    load_judged,
    mrr,
    ndcg,
)

FIXTURES = Path(__file__).with_name("fixtures")
SETS = ("judged", "dev_set")
Ranker = Callable[[Mentee], list[int]]


def feasible(e: Mentee, m: Mentor) -> bool:
    """The hard rules the baselines must respect too."""
    return (
        m.active
        and m.capacity_left > 0
        and m.id != e.id
        and m.id not in e.exclude_ids
        and bool(set(m.languages) & set(e.languages))
    )


def text_of_mentor(m: Mentor) -> str:
    return " ".join([*m.certifications, *m.skills, m.expertise])


def text_of_mentee(e: Mentee) -> str:
    return " ".join(
        [*e.certifications, *e.target_certifications, *e.skills_wanted, e.goals]
    )


def baselines(mentors: list[Mentor]) -> dict[str, Ranker]:
    vec = TfidfVectorizer().fit([text_of_mentor(m) for m in mentors])
    mat = vec.transform([text_of_mentor(m) for m in mentors])
    rng = np.random.default_rng(0)

    def by_score(e: Mentee, scores) -> list[int]:
        ok = [
            (-float(s), m.id)
            for m, s in zip(mentors, scores, strict=True)
            if feasible(e, m)
        ]
        return [i for _, i in sorted(ok)[:K]]

    def jaccard(e: Mentee) -> list[int]:
        want = set(e.skills_wanted)
        scores = [
            len(want & set(m.skills)) / (len(want | set(m.skills)) or 1)
            for m in mentors
        ]
        return by_score(e, scores)

    def tfidf(e: Mentee) -> list[int]:
        q = vec.transform([text_of_mentee(e)])
        return by_score(e, (mat @ q.T).toarray().ravel())

    def random_rank(e: Mentee) -> list[int]:
        return by_score(e, rng.random(len(mentors)))

    return {"plain TF-IDF": tfidf, "skill Jaccard": jaccard, "random": random_rank}


def engine_checks(judged: JudgedSet, index: MentorIndex) -> tuple[int, int, int]:
    """(hard-rule violations, suggestions without reasons, suggestions) over all
    mentees' top K."""
    by_id = {m.id: m for m in judged.mentors}
    broken = silent = total = 0
    for e, bad in zip(judged.mentees, judged.forbidden, strict=True):
        for s in index.rank(e, k=K):
            broken += s.mentor_id in bad or not feasible(e, by_id[s.mentor_id])
            silent += not s.reasons
            total += 1
    return broken, silent, total


def evaluate(judged: JudgedSet, boot: int) -> tuple[dict[str, tuple], int, int, int]:
    index = MentorIndex().fit(judged.mentors)
    systems: dict[str, Ranker] = {
        "engine": lambda e: [s.mentor_id for s in index.rank(e, k=K)],
        **baselines(judged.mentors),
    }
    rows = judged.judged()
    out = {}
    for name, ranker in systems.items():
        runs = [(ranker(judged.mentees[i]), judged.grades[i]) for i in rows]
        n = [ndcg(r, g) for r, g in runs]
        m = [mrr(r, g) for r, g in runs]
        out[name] = (np.mean(n), bootstrap_ci(n, n=boot), np.mean(m), bootstrap_ci(m))
    return (out, *engine_checks(judged, index))


def report(judged: JudgedSet, boot: int) -> bool:
    results, broken, silent, total = evaluate(judged, boot)
    print(
        f"== {judged.name}: {len(judged.mentors)} mentors, {len(judged.mentees)} "
        f"mentees ({len(judged.judged())} with a relevant mentor, grade >= 2)"
    )
    print(f"{'system':<15}{'NDCG@10':>8} {'95% CI':<15}{'MRR@10':>7} {'95% CI':<13}")
    for name, (nd, nd_ci, mr, mr_ci) in results.items():
        print(
            f"{name:<15}{nd:>8.3f} [{nd_ci[0]:.3f}, {nd_ci[1]:.3f}]"
            f"{mr:>8.3f} [{mr_ci[0]:.3f}, {mr_ci[1]:.3f}]"
        )
    gain = results["engine"][0] - results["plain TF-IDF"][0]
    ok = broken == 0 and silent == 0 and gain >= 0.05
    print(
        f"hard-rule violations in engine top-{K}: {broken}; suggestions without "
        f"reasons: {silent} of {total}; engine - TF-IDF NDCG@10 {gain:+.3f} "
        f"({'PASS' if ok else 'FAIL'})\n"
    )
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sets", nargs="+", default=list(SETS))
    parser.add_argument("--boot", type=int, default=2000)
    args = parser.parse_args()
    ok = True
    for name in args.sets:
        path = FIXTURES / f"{name}.json"
        ok &= report(load_judged(name, path.read_text()), args.boot)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
