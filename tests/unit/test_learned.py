"""The learned half of the classifier: features, counts, the shipped file, examples."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from daily_ai_insights.core.models import Category, Taxonomy
from daily_ai_insights.core.topics.learned import (
    LEARNED_FILE,
    Example,
    LearnedModel,
    count,
    counts_from_json,
    counts_to_json,
    features_of,
    fold,
    learned_model,
    select,
    shipped_counts,
)
from daily_ai_insights.core.topics.taxonomy import default_taxonomy

TWO = Taxonomy(
    categories=(
        Category("Chem", "🧪", "Molecules and reactions."),
        Category("Code", "💻", "Programs and compilers."),
        Category("Other", "📦"),
    ),
    version="two-v1",
)


def test_features_fold_plurals_and_keep_title_and_classes_apart() -> None:
    feats = features_of("Molecules, Reactions!", "The reaction of a molecule.", ["cs.LG"])
    assert {"molecule", "reaction", "t:molecule", "t:reaction", "c:cs.lg"} <= feats
    assert "the" not in feats and "of" not in feats
    assert fold("Vision-Language\tMODELS") == "vision language models"
    assert fold("café ☕ naïve") == "caf  nave"


def test_counts_round_trip_through_json_and_rare_features_are_dropped() -> None:
    examples = [({"a", "b"}, "Chem"), ({"a"}, "Chem"), ({"c"}, "Code"), ({"z"}, "Nope")]
    counts = count(examples, ["Chem", "Code", "Other"])
    assert counts.docs == (2.0, 1.0, 0.0)  # the unknown label is skipped
    back = counts_from_json(counts_to_json(counts, min_docs=2))
    assert back.classes == counts.classes and back.docs == counts.docs
    assert back.features == {"a": {0: 2.0}}


def test_select_keeps_the_words_that_tell_categories_apart() -> None:
    examples = [({"molecule", "data"}, "Chem")] * 5 + [({"compiler", "data"}, "Code")] * 5
    counts = count(examples, ["Chem", "Code"])
    kept = select(counts, 2)
    assert set(kept.features) == {"molecule", "compiler"}  # "data" is everywhere


def test_model_scores_follow_the_training_words() -> None:
    examples = [(features_of("Molecule reactions", "catalyst bonds"), "Chem")] * 3 + [
        (features_of("Compiler passes", "program loops"), "Code")
    ] * 3
    model = LearnedModel(count(examples, ["Chem", "Code", "Other"]), TWO)
    chem = model.scores(model.features(fold("A catalyst"), fold("bonds and molecules"), []))
    assert chem[0] == 0.0 and chem[1] < chem[0]
    code = model.scores(model.features(fold("Loops"), fold("a compiler for programs"), []))
    assert code[1] == 0.0 and code[0] < 0.0


def test_corrections_pull_papers_that_share_their_uncommon_words() -> None:
    base = [(features_of(f"Molecule {i}", "catalyst bonds"), "Chem") for i in range(30)] + [
        (features_of(f"Compiler {i}", "program loops"), "Code") for i in range(30)
    ]
    counts = count(base, ["Chem", "Code", "Other"])
    moved = [
        Example("Protein folding on GPUs", "protein folding kernels and catalyst", (), "Code"),
        Example("Fast protein folding", "protein folding with catalyst models", (), "Code"),
        Example("A lone paper", "nothing shared here", (), "Code"),
    ]
    model = LearnedModel(counts, TWO, moved)
    pulled = model.pull(fold("Protein folding at scale"), fold("we fold proteins"), [])
    # "protein" and "folding" (title and abstract) are shared by two of three moved papers;
    # "catalyst" is shared too but common in the training papers: it does not count.
    assert set(pulled) == {1} and pulled[1] == pytest.approx(4 * 2 / 3)
    assert model.pull(fold("Catalyst bonds"), fold("a lone paper"), []) == {}
    assert LearnedModel(counts, TWO).pull(fold("Protein folding"), "", []) == {}


def test_shipped_counts_load_and_cover_the_default_taxonomy() -> None:
    counts = shipped_counts()
    assert counts is not None
    names = [c.name for c in default_taxonomy().categories]
    assert list(counts.classes) == names
    assert sum(counts.docs) >= 500
    assert json.loads(LEARNED_FILE.read_text(encoding="utf-8"))["format"] == 1


def test_a_bad_counts_file_is_no_model(tmp_path: Path) -> None:
    bad = tmp_path / "learned.json"
    bad.write_text("{not json", encoding="utf-8")
    assert shipped_counts(bad) is None
    bad.write_text(json.dumps({"format": 99}), encoding="utf-8")
    assert shipped_counts(bad) is None


def test_a_users_own_taxonomy_gets_no_model_but_an_edited_default_does() -> None:
    assert learned_model(TWO) is None
    taxonomy = default_taxonomy()
    edited = Taxonomy(taxonomy.categories[:-2] + taxonomy.categories[-1:], "edited")
    model = learned_model(edited)
    assert model is not None and model.names == tuple(c.name for c in edited.categories)
    assert learned_model(edited) is model  # kept per taxonomy version and examples
