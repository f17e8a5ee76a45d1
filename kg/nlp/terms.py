"""Match lexicon terms fast: one dictionary lookup per token instead of a big Matcher.

Shared by the components that match the lexicons' ``Term`` lists (markets, actor cues).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from spacy.tokens import Doc

from kg.lexicon.models import Term

__all__ = ["TermIndex"]


class TermIndex:
    """Lexicon terms keyed by their last word, matched as the lexicon's ``Term.match`` says.

    The last token matches by lower-case form, or for ``match: lemma`` terms by lemma or a
    plural in -s/-es; the tokens before it by lower-case form. One dictionary lookup per token
    replaces a Matcher of thousands of LEMMA/IN patterns, which costs as much as the model
    itself (on market triggers: the same spans, 50 times faster). Shared by any component that
    matches lexicon terms.
    """

    def __init__(self, make_doc: Callable[[str], Doc]) -> None:
        self._make_doc = make_doc
        self._by_lower: dict[str, list[tuple[tuple[str, ...], int]]] = {}
        self._by_lemma: dict[str, list[tuple[tuple[str, ...], int]]] = {}
        self.payloads: list[tuple[str, object]] = []

    def add(self, kind: str, term: Term, payload: object) -> None:
        """Index ``term`` under ``kind``; a match yields (start, end, kind, payload)."""
        *before, last = (t.lower_ for t in self._make_doc(term.term))
        entry = (tuple(before), len(self.payloads))
        self.payloads.append((kind, payload))
        self._by_lower.setdefault(last, []).append(entry)
        if term.match == "lemma":
            self._by_lemma.setdefault(last, []).append(entry)
            for plural in (f"{last}s", f"{last}es"):
                self._by_lower.setdefault(plural, []).append(entry)

    def find(self, doc: Doc) -> Iterator[tuple[int, int, str, object]]:
        """Every match in ``doc``, overlapping ones included."""
        for token in doc:
            entries = [
                *self._by_lower.get(token.lower_, ()),
                *self._by_lemma.get(token.lemma_.lower(), ()),
            ]
            seen: set[int] = set()
            for before, index in entries:
                start = token.i - len(before)
                if index in seen or start < 0:
                    continue
                if all(doc[start + k].lower_ == word for k, word in enumerate(before)):
                    seen.add(index)
                    yield (start, token.i + 1, *self.payloads[index])
