"""Word-cloud input: one person's word made comparable, Norwegian and English stop words left out, frequencies.

Pure and shared: the pulse's one-word answers use it now, pledges can later. wordcloud's own STOPWORDS are English
only and its tokenizer drops one-letter words, so the rules live here and the cloud is drawn from frequencies.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable

WORD_MAX = 30
"""Longer than any real word (Norwegian compounds included); more is not one word."""

_NB = """
    alle at av bare begge ble blei bli blir blitt både båe da de deg dei deim deira deires dem den denne der dere
    deres det dette di din disse ditt du dykk dykkar då eg ein eit eitt eller elles en enn er et ett etter for fordi
    fra før ha hadde han hans har hennar henne hennes her hjå ho hoe honom hoss hossen hun hva hvem hver hvilke
    hvilken hvis hvor hvordan hvorfor i ikke ikkje ingen ingi inkje inn inni ja jeg kan kom korleis korso kun kunne
    kva kvar kvarhelst kven kvi kvifor man mange me med medan meg meget mellom men mi min mine mitt mot mykje ned
    no noe noen noka noko nokon nokor nokre nå når og også om opp oss over på samme seg selv si sia sidan siden sin
    sine sitt sjøl skal skulle slik so som somme somt så sånn til um upp ut uten var vart varte ved vere verte vi
    vil ville vore vors vort vår være vært å litt veldig mye
"""
STOP_WORDS_NB = frozenset(_NB.split())
"""Bokmål and nynorsk function words (the NLTK list) plus fillers that say nothing on their own."""

_EN = """
    a about above after again against all am an and any are as at be because been before being below between both
    but by can could did do does doing down during each few for from further had has have having he her here hers
    herself him himself his how i if in into is it its itself just me more most my myself no nor not now of off on
    once only or other our ours ourselves out over own same she should so some such than that the their theirs
    them themselves then there these they this those through to too under until up very was we were what when
    where which while who whom why will with would you your yours yourself yourselves really quite pretty
"""
STOP_WORDS_EN = frozenset(_EN.split())

STOP_WORDS = STOP_WORDS_NB | STOP_WORDS_EN


def normalise(text: str) -> str:
    """One answer as a comparable word: NFC, lower case, the first word only, punctuation trimmed from its ends.
    Returns '' when nothing word-like is left. Letters of any script stay (æøå, é, ü)."""
    text = unicodedata.normalize('NFC', text or '')
    text = ''.join(ch for ch in text if unicodedata.category(ch)[0] != 'C')
    first = next(iter(text.split()), '')
    word = first.strip(_TRIM).lower()
    if not any(ch.isalnum() for ch in word):
        return ''
    return word[:WORD_MAX]


def is_stop_word(word: str) -> bool:
    return word in STOP_WORDS


def frequencies(answers: Iterable[str], *, minimum_length: int = 2) -> dict[str, int]:
    """How often each meaningful word was given, most frequent first (ties alphabetically, so the result is stable)."""
    counts = Counter(
        word
        for word in (normalise(answer) for answer in answers)
        if len(word) >= minimum_length and not is_stop_word(word)
    )
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


_TRIM = '.,;:!?¡¿"\'«»“”‘’()[]{}<>#*_~`´-–—/\\|+=&%$@^'
