"""matching/text.py pinned to scikit-learn: the same vocabulary and weights as a
TfidfVectorizer configured the same way, on generated corpora."""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sklearn.feature_extraction.text import TfidfVectorizer

from mentormatch.matching import features as ft
from mentormatch.matching.query import text_weights
from mentormatch.matching.store import TEXT_START
from mentormatch.matching.text import fit_text, transform_text

# float32 in the engine against float64 in scikit-learn
TOLERANCE = 1e-5

PHRASES = sorted(ft.EXPANSION)[:40]
WORDS = [
    "agile",
    "Scrum",
    "risk",
    "budget",
    "stakeholder",
    "PMO",
    "the",
    "and",
    "of",
    "leading",
    "programs",
    "portfolio",
    "schedules",
    "x",
    "42",
    "co_lead",
    "naïve",
    "Über",
    "déjà",
    "PMI-ACP",
    "PgMP",
    "e-mail",
    "C++",
    "réunion",
    "ΣΊΣΥΦΟΣ",
]
piece = st.one_of(
    st.sampled_from(WORDS),
    st.sampled_from(PHRASES) if PHRASES else st.nothing(),
    st.text(alphabet="abcdeéß_- .,;:!?\t\n", min_size=1, max_size=12),
)
text = st.lists(piece, max_size=12).map(" ".join)
corpus = st.lists(text, min_size=1, max_size=25)


def reference(texts: list[str]) -> TfidfVectorizer:
    """The configuration that text.py reproduces."""
    return TfidfVectorizer(
        preprocessor=ft.normalise_text,
        token_pattern=ft.TOKEN_PATTERN,
        stop_words=sorted(ft.STOP_WORDS),
        sublinear_tf=True,
        dtype=np.float64,
    )


def fitted_both(train: list[str]):
    """(the fitted reference vectorizer, text.py's model), None without words."""
    vectorizer = reference(train)
    try:
        vectorizer.fit(train)
    except ValueError:
        return None
    model, _ = fit_text(train)
    assert model is not None
    return vectorizer, model


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(corpus)
def test_fit_text_equals_tfidf_vectorizer(texts):
    vectorizer = reference(texts)
    try:
        expected = vectorizer.fit_transform(texts)
    except ValueError:  # scikit-learn: "empty vocabulary"
        model, rows = fit_text(texts)
        assert model is None and rows.shape == (len(texts), 0)
        return
    model, rows = fit_text(texts)
    assert model is not None
    assert model.vocabulary == vectorizer.vocabulary_
    np.testing.assert_allclose(model.idf, vectorizer.idf_, rtol=TOLERANCE)
    np.testing.assert_allclose(rows.toarray(), expected.toarray(), atol=TOLERANCE)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(corpus, corpus)
def test_transform_text_equals_tfidf_vectorizer(train, query):
    fitted = fitted_both(train)
    if fitted is None:  # scikit-learn: "empty vocabulary"
        return
    vectorizer, model = fitted
    got = transform_text(model, query).toarray()
    np.testing.assert_allclose(
        got, vectorizer.transform(query).toarray(), atol=TOLERANCE
    )


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(corpus, text)
def test_a_querys_text_weights_equal_tfidf_vectorizer(train, query):
    """The one-mentee path (``query.text_weights``, plain Python floats) gives
    the vectorizer's row too, sorted by column."""
    fitted = fitted_both(train)
    if fitted is None:  # scikit-learn: "empty vocabulary"
        return
    vectorizer, model = fitted
    idf = model.idf.astype(np.float64)
    got = text_weights(ft.normalise_text(query), model.vocabulary, idf)
    expected = vectorizer.transform([query])
    cols = [c - TEXT_START for c, _ in got]
    assert cols == sorted(expected.indices.tolist())
    np.testing.assert_allclose(
        [w for _, w in got], expected[0, cols].toarray().ravel(), atol=TOLERANCE
    )
