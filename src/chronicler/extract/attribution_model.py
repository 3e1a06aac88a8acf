"""A small learned filter over candidate attributions (logistic regression, JSON weights).

The rules propose candidates generously (lexicon cue verbs, learned candidate verbs,
claim nouns, "according to", speaker labels); this model scores each candidate from
cheap parse features and drops the unlikely ones. The weights are trained on PolNeAR
train by bench/train_attribution_model.py and shipped as
data/lang/en/attribution_cue_model.json (feature -> weight, bias, threshold). Without that
file every candidate is kept.
"""

from __future__ import annotations

import bisect
import functools
import math
from dataclasses import dataclass
from typing import Any

from chronicler.extract.attribution_lexicon import Lexicon
from chronicler.lang import load_pack

MODEL_KEY = "attribution_cue_model"  # the pack file that holds the learned cue filter
CHILD_DEPS = ("ccomp", "xcomp", "dobj", "dative", "prep", "neg", "agent", "nsubjpass", "mark", "advcl")
CONTENT_DEPS = ("ccomp", "xcomp", "dobj", "prep", "agent", "nsubjpass")
HEAD_DEPS = ("xcomp", "advcl", "ccomp", "conj", "relcl", "acl", "pcomp")


@dataclass(frozen=True)
class CueModel:
    weights: dict[str, float]
    bias: float
    threshold: float

    def probability(self, features: list[str]) -> float:
        z = self.bias + sum(self.weights.get(f, 0.0) for f in features)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def keep(self, features: list[str]) -> bool:
        return self.probability(features) >= self.threshold


@functools.lru_cache(maxsize=4)
def load_model(language: str = "en") -> CueModel | None:
    pack = load_pack(language)
    if not pack.has(MODEL_KEY):
        return None
    raw: dict[str, Any] = pack.json(MODEL_KEY)
    return CueModel(dict(raw["weights"]), float(raw["bias"]), float(raw["threshold"]))


def _lexicon_class(lemma: str, lex: Lexicon) -> str:
    if lemma in lex.event_cues:
        return "event_cues"
    for name in ("speech_verbs", "intent_verbs", "prep_verbs", "weak_verbs", "candidate_verbs"):
        if lemma in getattr(lex, name):
            return name
    if lemma in lex.particle_verbs:
        return "particle_verbs"  # "rule out", "back down": a stance only with its particle
    return "object_verbs" if lemma in lex.object_verbs else "other"


def _source_kind(head: Any, lex: Lexicon) -> str:
    if head is None:
        return "none"
    if head.lower_ in lex.filter_pronouns:  # the pack's list: the shipped weights know "src=pron"
        return "pron"
    if head.ent_type_:
        return "ent_" + head.ent_type_
    return "pos_" + head.pos_


def _length_bucket(n_chars: int) -> str:
    for limit, name in ((15, "xs"), (40, "s"), (120, "m"), (300, "l")):
        if n_chars <= limit:
            return name
    return "xl"


def candidate_features(raw: Any, lex: Lexicon, text: str) -> list[str]:
    """Binary features of a candidate (a RawAttribution), as 'name=value' strings."""
    tok = raw.cue_token
    feats = [f"rule={raw.rule}", f"src={_source_kind(raw.source_head, lex)}",
             f"src_span={'yes' if raw.source else 'no'}",
             f"quote={'yes' if raw.quotes else 'no'}",
             f"len={_length_bucket(sum(e - s for s, e in raw.content))}"]
    if raw.content:
        first = text[raw.content[0][0] : raw.content[0][0] + 6].split()
        feats.append(f"starts={first[0].lower() if first else ''}")
    if tok is None:
        return feats
    lemma = tok.lemma_.lower()
    feats += [f"lemma={lemma}", f"dep={tok.dep_}", f"tag={tok.tag_}",
              f"class={_lexicon_class(lemma, lex)}", f"rule_dep={raw.rule}|{tok.dep_}",
              f"lemma_src={lemma}|{_source_kind(raw.source_head, lex)}"]
    kids = [c.dep_ for c in tok.children if c.dep_ in CHILD_DEPS]
    feats += [f"child={d}" for d in kids]
    # Conjunctions: a lemma's cue rate depends on its construction ("support" with a
    # clause vs. a noun object), on the verb it hangs from ("tried to discuss") and on
    # who speaks ("the poll shows", "he shows").
    feats += [f"lemma_child={lemma}|{d}" for d in kids if d in CONTENT_DEPS]
    feats.append(f"len_rule={raw.rule}|{feats[4][4:]}")
    if tok.dep_ in HEAD_DEPS and tok.head.i != tok.i:
        feats.append(f"head={tok.head.lemma_.lower()}")
    src = raw.source_head
    if src is not None and not src.ent_type_ and src.lower_ not in lex.filter_pronouns:
        feats.append(f"src_lemma={src.lemma_.lower()}")
    if raw.content:
        span = raw.sent.doc.char_span(*raw.content[0], alignment_mode="expand")
        if span is not None and len(span):
            feats.append(f"content_pos={span[0].pos_}")
            # A content before its cue ("which he describes as", "X is considered"): the
            # fallback readings, judged by side, the content's dependency and the cue's class.
            side = "before" if raw.content[0][1] <= tok.idx else "after"
            feats.append(f"side={side}|{span.root.dep_}|{_lexicon_class(lemma, lex)}")
            feats.append(f"content_clause={'yes' if any(t.pos_ in ('VERB', 'AUX') for t in span[:12]) else 'no'}")
    return feats


def _kind(raw: Any, lex: Lexicon) -> str:
    tok = raw.cue_token
    return raw.rule if tok is None or raw.rule != "verb" else _lexicon_class(tok.lemma_.lower(), lex)


def context_features(raws: list[Any], lex: Lexicon) -> list[list[str]]:
    """Per candidate, how it sits among the others: inside another's content ("officials
    said the group announced …": PolNeAR keeps some inner cues, not others) or holding
    another's cue in its own. Sorted cue starts keep this near-linear."""
    cues = sorted((r.cue[0][0], i) for i, r in enumerate(raws) if r.cue)
    starts = [s for s, _ in cues]
    out: list[set[str]] = [set() for _ in raws]
    for i, outer in enumerate(raws):
        for c_start, c_end in outer.content:
            lo = bisect.bisect_left(starts, c_start)
            hi = bisect.bisect_left(starts, c_end)
            for _, j in cues[lo:hi]:
                if j != i:
                    out[j].add(f"inside={_kind(outer, lex)}")
                    out[i].add(f"holds={_kind(raws[j], lex)}")
    return [sorted(f) for f in out]
