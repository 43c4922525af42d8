"""Ranking quality on the judged fixture: engine vs random, skill Jaccard, TF-IDF.

Run: ``python bench/eval_quality.py`` (exit code 1 if a hard rule is broken or the
engine does not beat plain TF-IDF).  Baselines get the same hard-rule filter, so
the comparison is about ranking, not about filtering.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from mentormatch.matching import Mentee, Mentor, MentorIndex  # noqa: E402

FIXTURE = Path(__file__).with_name("fixtures") / "judged.json"
K = 10
MENTOR_FIELDS = set(Mentor.__dataclass_fields__)
MENTEE_FIELDS = set(Mentee.__dataclass_fields__)


def load() -> tuple[list[Mentor], list[tuple[Mentee, dict[int, int]]]]:
    data = json.loads(FIXTURE.read_text())
    mentors = [
        Mentor(**{k: v for k, v in m.items() if k in MENTOR_FIELDS})
        for m in data["mentors"]
    ]
    mentees = [
        (
            Mentee(**{k: v for k, v in e.items() if k in MENTEE_FIELDS}),
            {int(i): j["grade"] for i, j in e["judgements"].items()},
        )
        for e in data["mentees"]
    ]
    return mentors, mentees


def feasible(e: Mentee, m: Mentor) -> bool:
    return (
        m.active
        and m.capacity_left > 0
        and m.id != e.id
        and m.id not in e.exclude_ids
        and bool(set(m.languages) & set(e.languages))
    )


def ndcg(ranked: list[int], grades: dict[int, int]) -> float:
    gains = [2 ** grades.get(i, 0) - 1 for i in ranked[:K]]
    ideal = sorted((2**g - 1 for g in grades.values()), reverse=True)[:K]
    disc = 1 / np.log2(np.arange(2, K + 2))
    best = float(np.dot(ideal, disc[: len(ideal)]))
    return float(np.dot(gains, disc[: len(gains)])) / best if best else float("nan")


def mrr(ranked: list[int], grades: dict[int, int]) -> float:
    for pos, i in enumerate(ranked[:K], 1):
        if grades.get(i, 0) >= 2:
            return 1 / pos
    return 0.0


def text_of_mentor(m: Mentor) -> str:
    return " ".join([*m.certifications, *m.skills, m.expertise])


def text_of_mentee(e: Mentee) -> str:
    return " ".join(
        [*e.certifications, *e.target_certifications, *e.skills_wanted, e.goals]
    )


def baselines(mentors: list[Mentor]) -> dict:
    vec = TfidfVectorizer().fit([text_of_mentor(m) for m in mentors])
    mat = vec.transform([text_of_mentor(m) for m in mentors])
    rng = np.random.default_rng(0)

    def by_score(e: Mentee, scores) -> list[int]:
        ok = [
            (-float(s), m.id)
            for m, s in zip(mentors, scores, strict=True)
            if feasible(e, m)
        ]
        return [i for _, i in sorted(ok)]

    def jaccard(e: Mentee) -> list[int]:
        want = set(e.skills_wanted)
        return by_score(
            e,
            [
                len(want & set(m.skills)) / (len(want | set(m.skills)) or 1)
                for m in mentors
            ],
        )

    def tfidf(e: Mentee) -> list[int]:
        return by_score(
            e, (mat @ vec.transform([text_of_mentee(e)]).T).toarray().ravel()
        )

    def random_rank(e: Mentee) -> list[int]:
        return by_score(e, rng.random(len(mentors)))

    return {"random": random_rank, "skill Jaccard": jaccard, "plain TF-IDF": tfidf}


def main() -> int:
    mentors, mentees = load()
    by_id = {m.id: m for m in mentors}
    index = MentorIndex().fit(mentors)
    systems = {
        "engine": lambda e: [s.mentor_id for s in index.rank(e, k=K)],
        **baselines(mentors),
    }
    broken = sum(
        not feasible(e, by_id[i]) for e, _ in mentees for i in systems["engine"](e)
    )
    judged = [(e, g) for e, g in mentees if any(v >= 2 for v in g.values())]
    print(
        f"fixture: {len(mentors)} mentors, {len(mentees)} mentees "
        f"({len(judged)} with a relevant mentor), relevant = grade >= 2\n"
    )
    print(f"{'system':<16}{'NDCG@10':>9}{'MRR@10':>9}")
    results = {}
    for name, ranker in systems.items():
        runs = [(ranker(e), g) for e, g in judged]
        results[name] = (
            np.nanmean([ndcg(r, g) for r, g in runs]),
            np.mean([mrr(r, g) for r, g in runs]),
        )
        print(f"{name:<16}{results[name][0]:>9.3f}{results[name][1]:>9.3f}")
    gain = results["engine"][0] - results["plain TF-IDF"][0]
    print(f"\nhard-rule violations in engine top-{K}: {broken}")
    print(
        f"engine - plain TF-IDF NDCG@10: {gain:+.3f} "
        f"({'PASS' if gain >= 0.05 else 'FAIL'}: clearly better means >= +0.05)"
    )
    return 0 if broken == 0 and gain >= 0.05 else 1


if __name__ == "__main__":
    raise SystemExit(main())
