"""Headline toll shapes of the GED-headline round (issue 10, item 5): a singular victim of a
killing verb is one, a named pair is two, a conjoined victim adds, a phrase that states the
toll ("the number of dead rises to seven", "Masacre ... deja cinco víctimas") is the count,
and a victim the phrase itself fixes is never a period's total. Every headline here is
invented for the test."""

from __future__ import annotations

import pytest

from chronicler.extract.toll import sentence_toll


def _killed(sentence: str, language: str) -> int | None:
    killed = sentence_toll(sentence, language).killed
    return None if killed is None or killed.aggregate else killed.best


@pytest.mark.parametrize(
    ("sentence", "language", "killed"),
    [
        # English: the cue gate now lets "fatally wound" through
        ("Gunmen fatally wound a vendor in Tlaquepaque", "en", 1),
        # a phrase that states the toll
        ("The number of dead from the nightclub attack rises to seven", "en", 7),
        ("Massacre at a party in Salamanca leaves six victims", "en", 6),
        # "slaughters", and "a family of N" after a killing verb
        ("Cell slaughters family of three in Uruapan", "en", 3),
        # hung from a bridge
        ("Three men hung from an overpass in Cuernavaca", "en", 3),
        # an ordinal killing at the head of the headline; "the first" too
        ("Second murder of the night in Colonia Centro", "en", 1),
        ("The first execution of the week is reported in Tecate", "en", 1),
        # possessive and "of his" killings
        ("Nobody believes the official account of the teacher's slaying", "en", 1),
        ("He witnessed the killing of his brother in Apatzingán", "en", 1),
        # a body that hangs; a corpse inside or found
        ("Body hangs from a bridge in Uruapan", "en", 1),
        ("Van abandoned with corpse inside on the highway", "en", 1),
        ("Police silent on bagged corpse found in Otay", "en", 1),
        # a singular victim with up to three words before the noun, not blocked by "and" + verb
        ("Cartel executes 45 year old man and leaves a message", "en", 1),
        ("Gunmen execute financial operator of the cartel in Monterrey", "en", 1),
        # a name and its apposition
        ("Gunmen murder Rosalía, a 16-year-old student", "en", 1),
        # a fatal shooting of one person or a name
        ("Fatal stabbing of a student in Puebla", "en", 1),
        ("Fatal shooting of Rosa Pérez near the border", "en", 1),
        # one homicide recorded
        ("Tecate records a single homicide on Sunday", "en", 1),
        ("Ensenada registered one murder over the holiday", "en", 1),
        ("Cartel claims responsibility for the death of rival plaza boss", "en", 1),
        # pairs: "another couple", "left dead"
        ("Another couple is found murdered in Uruapan", "en", 2),
        ("Mother And Daughter Left Dead After Attack", "en", 2),
        # two person nouns joined, with or without articles, "shot to death"
        ("Uruapan: A Man And Woman Are Shot To Death", "en", 2),
        ("Teacher and student stabbed to death in Uruapan", "en", 2),
        ("Couple shot to death in a parking lot", "en", 2),
        # a conjunct before the count, led by an article
        ("A man and three women are found dead in a house", "en", 4),
        # two adjectives joined by a comma before the noun
        ("4 Charred, dismembered bodies found in a ravine", "en", 4),
        # a victim the phrase fixes is this event's, even beside a period cue
        ("Gunmen kill a taxi driver in Iguala, the fifth in 24 hours", "en", 1),
        # Spanish: a phrase that states the toll
        ("Masacre en palenque deja cinco víctimas", "es", 5),
        ("Balacera en Apatzingán deja un saldo de cuatro muertos", "es", 4),
        # "una familia de N"
        ("Asesinan a una familia de cuatro en Cuautla", "es", 4),
        # "fallecen"
        ("Fallecen tres jóvenes tras ataque armado", "es", 3),
        # one homicide recorded; the first
        ("Se registra sólo un homicidio en Mexicali", "es", 1),
        ("Primer homicidio del año en San Pedro", "es", 1),
        # pairs without "a", with "muerta", with "joven"
        ("Asesinan a joven pareja frente a su casa", "es", 2),
        ("Asesinan a machetazos padre e hija en Chiapas", "es", 2),
        ("Hallan muerta a pareja en su domicilio", "es", 2),
        # two person nouns joined, no article before the first
        ("Celaya: Hombre y mujer son asesinados en su casa", "es", 2),
        # conjoined victims: person nouns with no category are people
        ("Matan a un abuelito y a su nieta en Fresnillo", "es", 2),
        ("Ejecutan a dos hombres y una mujer en Uruapan", "es", 3),
        # a conjunct after a singular or a pair
        ("Matan a comerciante y a dos jóvenes en Silao", "es", 3),
        ("Asesinan a pareja y a un niño en Tlaquepaque", "es", 3),
        # a victim the phrase fixes is this event's, even beside a period cue
        ("Matan a taxista en Iguala, el quinto en 24 horas", "es", 1),
        # the conjunct's own verb of another kind: not added
        ("Asesinan a dos policías y un civil resulta herido", "es", 2),
    ],
)
def test_ged_round_shapes(sentence: str, language: str, killed: int) -> None:
    assert _killed(sentence, language) == killed


@pytest.mark.parametrize(
    ("sentence", "language", "killed"),
    [
        # not people, not a killing, not a count
        ("Two gunmen hung banners in Morelia", "en", None),
        ("Gunmen kill a man and a horse", "en", 1),
        ("Matan a un hombre y a un caballo", "es", 1),
        ("Ataque en Celaya deja cinco víctimas", "es", None),  # victims of an attack may be wounded
        ("Attack in Celaya leaves five victims", "en", None),
        ("Fatal shooting of Juan and Pedro", "en", None),  # two, not one: left to other shapes
        # a shooting with no death word stays without a killed count
        ("They shoot a man in Riveras del Campo", "en", None),
        ("Balean a un hombre en la colonia Centro", "es", None),
    ],
)
def test_ged_round_non_counts(sentence: str, language: str, killed: int | None) -> None:
    assert _killed(sentence, language) == killed
