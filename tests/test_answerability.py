"""The answerability model reads what kind of question it is (its embedding), not only the best clause."""

from __future__ import annotations

import numpy as np
import pytest

from bot.retrieval.ranker import ANSWER_FEATURES, RANK_FEATURES, RankModel, Variant, default_model


def _model(question_weights: np.ndarray) -> RankModel:
    answer = np.zeros(len(ANSWER_FEATURES))
    answer[ANSWER_FEATURES.index("bias")] = 0.5
    semantic = Variant(np.ones(len(RANK_FEATURES)), answer, 0.5, question_weights)
    lexical = Variant(np.ones(len(RANK_FEATURES)), answer, 0.5)
    return RankModel({"semantic": semantic, "lexical": lexical}, {})


def test_the_same_evidence_is_answered_or_not_by_the_kind_of_question() -> None:
    weights = np.zeros(384)
    weights[0] = -4.0  # a kind of question policies rarely answer
    model = _model(weights)
    row = np.zeros(len(ANSWER_FEATURES))
    row[ANSWER_FEATURES.index("bias")] = 1.0
    usual, rare = np.zeros(384), np.zeros(384)
    usual[1] = 1.0
    rare[0] = 1.0
    assert model.probability("semantic", row, usual) >= model.threshold("semantic")
    assert model.probability("semantic", row, rare) < model.threshold("semantic")
    # the words-only variant has no embedding to read
    assert model.probability("lexical", row) == model.probability("semantic", row, usual)


def test_a_model_that_reads_the_question_refuses_to_guess_without_it() -> None:
    model = _model(np.full(384, 0.1))
    with pytest.raises(ValueError):
        model.probability("semantic", np.zeros(len(ANSWER_FEATURES)))


def test_the_question_weights_survive_the_model_file() -> None:
    weights = np.round(np.linspace(-1, 1, 384), 6)
    again = RankModel.from_json(_model(weights).to_json())
    assert np.array_equal(again.variants["semantic"].question_weights, weights)
    assert len(again.variants["lexical"].question_weights) == 0


def test_the_committed_model_reads_the_question_only_with_embeddings() -> None:
    model = default_model()
    assert len(model.variants["semantic"].question_weights) == 384
    assert len(model.variants["lexical"].question_weights) == 0
