"""The one rule for where sentences end and begin (briefgen/sentences.py), which the renderer's
abbreviations, absorb and the copy check share."""

import pytest

from briefgen.sentences import ends_sentence, opens_sentence, split


@pytest.mark.parametrize("text,ends", [
    ("The partners met.", True),
    ("Did they meet?", True),
    ("They met!  ", True),                          # spaces after it aside
    ("He said: “They met.”", True),                 # a closing quote after the full stop
    ("(They met.)", True),
    ("Partners, e.g.", False),                      # an abbreviation's full stop
    ("the U.S.", False),
    ("Art.", False),
    ("Shinzo A.", False),                           # an initial
    ("It grew by 3.5.", True),                      # a number is no abbreviation
    ("It was agreed in 2019.", True),
    ("and then…", False),                           # an ellipsis leaves words out, inside a sentence
    ("and then...", False),                         # typed as three full stops too
    ("Korea said no.", True),                       # "no", not "No." (number)
    ("see Art.", False),
    ("It is art.", True),
    ("The partners met", False),
    ("", False),
])
def test_a_sentence_ends_on_its_mark_but_not_on_an_abbreviation(text, ends):
    assert ends_sentence(text) is ends


@pytest.mark.parametrize("before,opens", [
    ("", True),
    ("“", True),
    ("They met. ", True),
    ("They met. “", True),                           # an opening quote before the first word
    ("They met. (", True),
    ("They met.", False),                            # no space: inside a word ("met.Next")
    ("Lenders, e.g. ", False),
    ("the ", False),
])
def test_a_sentence_opens_after_a_sentence_end_and_a_space(before, opens):
    assert opens_sentence(before) is opens


def test_split_cuts_at_sentence_ends_only():
    assert split("The U.S. and Japan met. It grew 3.5. “Good.” (Yes.) Then…  it ended") == [
        "The U.S. and Japan met.", "It grew 3.5.", "“Good.”", "(Yes.)", "Then…  it ended"]
    assert split("") == [""]
    assert split("One. ") == ["One."]
