"""Headline toll shapes: burned and hanged victims, counts that lead the headline, "claims N
victims", killing nouns before "of", participles before the noun, named pairs, and the
counts that must not be read (a scale word inside a noun, objects that are not people)."""

from __future__ import annotations

import pytest

from chronicler.extract.toll import find_counts, sentence_toll


def _killed(sentence: str, language: str) -> int | None:
    killed = sentence_toll(sentence, language).killed
    return None if killed is None or killed.aggregate else killed.best


@pytest.mark.parametrize(
    ("sentence", "language", "killed"),
    [
        # a burned, calcined or hanged victim, singular
        ("They locate a calcined man near the dam", "en", 1),
        ("Burnt woman found in an orchard", "en", 1),
        ("A young man is found burned behind the market", "en", 1),
        ("Charred torso found in Las Flores", "en", 1),
        ("Culiacán: Male Corpse Found Near Stadium", "en", 1),
        ("Found Hanging From an Overpass", "en", 1),
        ("Cartel Hangs A Man From A Bridge", "en", 1),
        ("Gunmen set fire to a taxi driver after killing him", "en", 1),
        ("They murder and burn a woman in Tecomán", "en", 1),
        ("Gang disposes of corpse in a canal", "en", 1),
        ("Un hombre es hallado colgado en un puente de Tijuana", "es", 1),
        ("Joven es hallado calcinado en un predio", "es", 1),
        ("Asesinan y queman a un hombre en Salvatierra", "es", 1),
        ("Sicarios prenden fuego a taxista tras asesinarlo", "es", 1),
        # a killing noun with a singular victim or a name
        ("Murder of photojournalist in Tijuana", "en", 1),
        ("Video shows the execution of Ramón Quiroz", "en", 1),
        ("Another murder in a shopping plaza of Celaya", "en", 1),
        ("Police probe mayor's murder in Oaxaca", "en", 1),
        ("Violence claims one more victim in Uruapan", "en", 1),
        ("Otro asesinato en una plaza comercial de Celaya", "es", 1),
        ("Investigan el asesinato de Ramón Quiroz en Tijuana", "es", 1),
        ("La violencia cobra otra víctima en Uruapan", "es", 1),
        # counts
        ("Cartel hangs two young men from a bridge", "en", 2),
        ("6 found hanged on a ranch", "en", 6),
        ("They find two burned men in a ravine", "en", 2),
        ("Three severed heads found on a highway", "en", 3),
        ("Two teenagers lose their lives after an armed attack", "en", 2),
        ("Cartel war claims five more victims in Sinaloa", "en", 5),
        ("Disputes between gangs cost the lives of 9 people in Sonora", "en", 9),
        ("Army to probe the killings of six in their home", "en", 6),
        ("Mother witnesses the murder of her three sons", "en", 3),
        ("They find two men without life in Anáhuac", "en", 2),
        ("Puebla: 4 Deceased Males Abandoned Near Cemetery", "en", 4),
        ("Gunmen shoot down 3 men and a woman in Zamora", "en", 4),
        ("Cuelgan a dos hombres de un puente en Cuernavaca", "es", 2),
        ("Hallan a tres calcinados en Cuitzeo", "es", 3),
        ("La violencia cobra 14 vidas en tres estados", "es", 14),
        ("Madre presencia el asesinato de sus dos hijos", "es", 2),
        ("Hallan dos hombres sin vida en Anáhuac", "es", 2),
        # a count that leads the headline, its subject running up to the verb
        ("Two men with their hands tied are executed in Acapulco", "en", 2),
        ("Two brothers from Tepuche shot dead overnight", "en", 2),
        ("Three members of the Ruiz family are murdered", "en", 3),
        ("Dos hombres con las manos atadas son ejecutados en Acapulco", "es", 2),
        ("Tres integrantes de la familia Ruiz son asesinados", "es", 3),
        # pairs: two named victims, two nouns joined before a passive
        ("A man and a woman were killed in Apaseo", "en", 2),
        ("They kill 'El Chato' and 'El Güero' in Reynosa", "en", 2),
        ("Un hombre y una mujer fueron asesinados en Apaseo", "es", 2),
        ("Matan a 'El Chato' y 'El Güero' en Reynosa", "es", 2),
        ("Queman vivos a un hombre y una mujer en Hermosillo", "es", 2),
        # a victim found burned, a life ended or lost
        ("They find a woman burned near the dump in Morelia", "en", 1),
        ("They locate a semi-burned man in a ravine", "en", 1),
        ("Shots end the life of a young man in Rancho Nuevo", "en", 1),
        ("He loses his life to bullets on Abasolo street", "en", 1),
        ("Localizan a un semicalcinado en Culiacán", "es", 1),
        ("Balas acaban con la vida de un joven en Rancho Nuevo", "es", 1),
        ("Pierde la vida tras ataque armado en Abasolo", "es", 1),
        ("Two brothers are shot down in Tepuche", "en", 2),
        ("17 massacred at a party in Torreón", "en", 17),
        ("17 masacrados en una fiesta de Torreón", "es", 17),
        # a body found wrapped, bagged, with the coup de grâce; a head; riddled with bullets
        ("They riddled a man in Villa Juárez", "en", 1),
        ("They riddled a man and a woman on the highway", "en", 2),
        ('They locate a "shrouded" man near the dam', "en", 1),
        ("They locate a woman bagged in the Progreso neighborhood", "en", 1),
        ("They find a man with the coup de grâce in Zumpango", "en", 1),
        ("They find another human head in Mariano Matamoros", "en", 1),
        ("Homicide of a delivery man in Cajeme", "en", 1),
        ("Localizan a un hombre con el tiro de gracia en Zumpango", "es", 1),
        ("Acribillan a un hombre y una mujer en la carretera", "es", 2),
        # victims of a massacre or a murder are its dead
        ("They identify the 5 victims of the massacre in Salvatierra", "en", 5),
        ("Identifican a 5 víctimas de multihomicidio en Tepalcatepec", "es", 5),
        # a charge is no toll of this event
        ("Gunmen execute 'El Borrado', accused of over 100 murders", "en", 1),
        ("Ejecutan a 'El Borrado', acusado de 100 homicidios", "es", 1),
        # a scale word is a word of its own: "2 militares" is not 2 mil
        ("Matan a 2 militares en Aguililla", "es", 2),
    ],
)
def test_headline_tolls(sentence: str, language: str, killed: int) -> None:
    assert _killed(sentence, language) == killed, sentence


@pytest.mark.parametrize(
    ("sentence", "language"),
    [
        ("Police find three burned cars in Celaya", "en"),  # not people
        ("Two burned houses in Celaya", "en"),
        ("Hallan dos autos calcinados en Celaya", "es"),
        ("They leave corpses in the middle of a road", "en"),  # a plural with no number: unknown
        ("Two helicopters shot down in Michoacán", "en"),
        ("Gunmen fire 17 shots at a house", "en"),
        ("They find heads of cattle in a field", "en"),
        ("Four victims of kidnapping rescued in Sonora", "en"),
        ("Tres víctimas de la violencia en Tijuana", "es"),
    ],
)
def test_no_count_is_read(sentence: str, language: str) -> None:
    assert _killed(sentence, language) is None, sentence


@pytest.mark.parametrize(
    ("sentence", "language", "not_killed"),
    [
        # the lead count stops at a clause or a comma: not the soldiers, not the escapees
        ("Two soldiers arrive in the town where a man was killed", "en", 2),
        ("59 escape, 7 die in prison break", "en", 59),
        ("Dos soldados llegan al pueblo donde un hombre fue asesinado", "es", 2),
        ("Two armed attacks in Salamanca leave 7 killed", "en", 2),
    ],
)
def test_lead_count_is_the_subjects_own(sentence: str, language: str, not_killed: int) -> None:
    assert _killed(sentence, language) != not_killed, sentence


@pytest.mark.parametrize(
    ("sentence", "language"),
    [
        ("Cartel hangs two young men from a bridge", "en"),
        ("Dos hombres con las manos atadas son ejecutados", "es"),
        ("Video shows the execution of Ramón Quiroz", "en"),
        ("La violencia cobra 14 vidas en tres estados", "es"),
    ],
)
def test_headline_counts_carry_their_text(sentence: str, language: str) -> None:
    hit = next(h for h in find_counts(sentence, 0, language) if h.kind == "killed")
    span = hit.count.span
    assert span is not None and sentence[span.start : span.end] == span.text == hit.count.text


@pytest.mark.parametrize(
    ("sentence", "language", "killed"),
    [
        # a killing noun counted ("3 Decapitations"), a homicide that "is registered", the n-th
        # killing of a series: one (invented headlines)
        ("4 Beheadings in Tierra Caliente", "en", 4),
        ("Cinco decapitaciones en Tierra Caliente", "es", 5),
        ("Homicide is registered in a parking lot in Zamora", "en", 1),
        ("Only one murder is recorded in Ensenada", "en", 1),
        ("Registran homicidio en la colonia Centro de Zamora", "es", 1),
        ("The third homicide of the day is recorded in Uruapan", "en", 1),
        ("They find the second dead of the day in Mexicali", "en", 1),
        ("Hallan el tercer cuerpo de la semana en Uruapan", "es", 1),
        # a plural registered is still its count; "asesinato de varios" is no single one
        ("Two homicides are recorded in Caborca", "en", 2),
        ("Reportan asesinato de varios choferes en Chilpancingo", "es", 3),
    ],
)
def test_counted_nouns_registered_and_nth_killings(sentence: str, language: str, killed: int) -> None:
    assert _killed(sentence, language) == killed
