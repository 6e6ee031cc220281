#!/usr/bin/env python3
"""Writes the EDA/WordNet parity fixtures in Tests/Fixtures/eda/.

Run:  /work/venv/bin/python tools/make-eda-fixtures.py
Used: NLTK 3.10.4 with Python 3.11.7 (its WordNet reader, pointed at Debian's wordnet-base 3.0 files in
/usr/share/wordnet: no nltk_data download), Python 3. The script prints the versions it ran with.

Files:
- synonyms.json  {word: [synonyms]}: EDA's get_synonyms (jasonwei20/eda_nlp, code/eda.py) done
  with NLTK, for a few hundred words: common words, plurals and verb/adjective inflections that
  hit the exception lists and the suffix rules, words without synsets, multi-word and hyphenated
  lemmas, marked adjectives. EDA keeps them in a Python set (order depends on PYTHONHASHSEED),
  so here they are listed in first-seen order, and the script asserts that this list holds the
  same set as EDA's procedure.
- morphy.json    {pos: {word: [base forms]}}: NLTK's WordNetCorpusReader._morphy (what
  wordnet.synsets(word) uses) for the same words in each of n, v, a, r.
- cleaning.json  [[input, cleaned]]: the cleaning as the spec defines it (drop ' and U+2019;
  '-', tab, newline -> space; lower-case; everything outside [a-z ] -> space; collapse spaces;
  trim both ends), implemented here independently of the Swift code.
- stopwords.json EDA's stop-word list (128 entries, the last the empty string), transcribed
  from eda.py at commit 1c5cda4b25f345880d6ce850d455ea85dfa449f4.
"""
import json
import os
import random
import re
import shutil
import sys
import tempfile

import nltk
from nltk.corpus.reader.wordnet import WordNetCorpusReader

WORDNET = "/usr/share/wordnet"
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "Fixtures", "eda")
LETTERS = set(" qwertyuiopasdfghjklzxcvbnm")

STOP_WORDS = [
    "i", "me", "my", "myself", "we", "our", "ours", "ourselves", "you", "your", "yours", "yourself",
    "yourselves", "he", "him", "his", "himself", "she", "her", "hers", "herself", "it", "its", "itself",
    "they", "them", "their", "theirs", "themselves", "what", "which", "who", "whom", "this", "that",
    "these", "those", "am", "is", "are", "was", "were", "be", "been", "being", "have", "has", "had",
    "having", "do", "does", "did", "doing", "a", "an", "the", "and", "but", "if", "or", "because", "as",
    "until", "while", "of", "at", "by", "for", "with", "about", "against", "between", "into", "through",
    "during", "before", "after", "above", "below", "to", "from", "up", "down", "in", "out", "on", "off",
    "over", "under", "again", "further", "then", "once", "here", "there", "when", "where", "why", "how",
    "all", "any", "both", "each", "few", "more", "most", "other", "some", "such", "no", "nor", "not",
    "only", "own", "same", "so", "than", "too", "very", "s", "t", "can", "will", "just", "don",
    "should", "now", "",
]

COMMON = """
good bad happy sad big small fast slow quick house car dog cat movie film book great terrible
love hate run walk talk speak see look watch eat drink make take give get go come know think
say tell find work play read write sing dance sleep buy sell open close begin end start stop
man woman child people time day night year week world life hand eye head water fire light dark
old new young long short high low hot cold easy hard strong weak rich poor clean dirty beautiful
ugly funny boring interesting important actor story plot music scene character performance
director acting script ending bank bass bat bow bright set line point play state order board
""".split()

INFLECTED = """
running ran went gone goes going geese mice children feet teeth women men oxen leaves wolves
knives boxes buses churches dishes parties cities flies studies tried cried stopped planned
hopping making taking bigger biggest better best worse worst happier happiest larger largest
nicer nicest saw seen was were is are been being has had did done made said told found thought
bought brought caught taught fought sought axes bases analyses crises theses phenomena criteria
data media dogs cats movies films actors stories scenes characters performances watching watched
loved loving hated hating sings sang sung singing dancing danced eating ate eaten drinking drank
drunk swimming swam swum lying lay lain fell fallen felt kept left meant met paid sent spent
stood understood won wrote written rode ridden rose risen shook shaken spoke spoken stole stolen
""".split()

SPECIAL = """
xyzzy qwertyuiop zzz the and of a an i dont cant wont hot_dog ice-cream well-known new_york
ten one first second hundred galore outback ready_to_hand ask rattling ahead north aged
a_cappella ok tv usa dna uk vs etc ya yeah nope hmm wow hello goodbye thanks please sorry
""".split()


# The lexicographer files' names (WordNet 3.0's lexnames, which Debian's wordnet-base does not
# ship but NLTK's reader insists on opening; they only name synsets' files, not their words).
LEXNAMES = (["adj.all", "adj.pert", "adv.all", "noun.Tops"]
            + ["noun." + n for n in "act animal artifact attribute body cognition communication event feeling food "
               "group location motive object person phenomenon plant possession process quantity relation shape "
               "state substance time".split()]
            + ["verb." + n for n in "body change cognition communication competition consumption contact creation "
               "emotion motion perception possession social stative weather".split()]
            + ["adj.ppl"])


def open_reader():
    """NLTK's reader on the Debian files: a temporary directory of links to them plus lexnames,
    authorised in nltk.data.path (NLTK 3.10 opens corpora only under its data path)."""
    directory = tempfile.mkdtemp(prefix="wordnet-")
    for name in os.listdir(WORDNET):
        if name.startswith(("index.", "data.")) or name.endswith(".exc"):
            shutil.copyfile(os.path.join(WORDNET, name), os.path.join(directory, name))
    with open(os.path.join(directory, "lexnames"), "w") as f:
        for number, name in enumerate(LEXNAMES):
            f.write(f"{number:02d}\t{name}\t{1 if name.startswith('noun') else 2 if name.startswith('verb') else 3}\n")
    nltk.data.path.append(directory)
    return EnglishWordNet(directory, None)


class EnglishWordNet(WordNetCorpusReader):
    """NLTK's reader without the mapping of other WordNet versions onto 3.0 for the
    multilingual data: at construction it would look for NLTK's downloaded "wordnet" corpus,
    and it never affects English synsets."""

    def map_wn(self, version="wordnet"):
        return None


def dedupe_synonyms(reader, word):
    """EDA's get_synonyms, keeping first-seen order."""
    seen, result = set(), []
    for synset in reader.synsets(word):
        for lemma in synset.lemmas():
            synonym = lemma.name().replace("_", " ").replace("-", " ").lower()
            synonym = "".join(c for c in synonym if c in LETTERS)
            if synonym != word and synonym not in seen:
                seen.add(synonym)
                result.append(synonym)
    return result


def eda_set(reader, word):
    """EDA's get_synonyms literally (a set), to check the ordered version against."""
    synonyms = set()
    for synset in reader.synsets(word):
        for lemma in synset.lemmas():
            synonym = lemma.name().replace("_", " ").replace("-", " ").lower()
            synonym = "".join(c for c in synonym if c in LETTERS)
            synonyms.add(synonym)
    synonyms.discard(word)
    return synonyms


def clean(text):
    """The spec's cleaning, written from its definition."""
    text = text.replace("'", "").replace("\u2019", "")
    for separator in ("-", "\t", "\n"):
        text = text.replace(separator, " ")
    text = text.lower()
    text = "".join(c if ("a" <= c <= "z" or c == " ") else " " for c in text)
    return re.sub(" +", " ", text).strip(" ")


CLEANING = [
    "Hello, World!",
    "It's a dog's life -- isn't it?",
    "Don\u2019t stop me now",
    "tab\tseparated\nlines\r\nand CRLF",
    "   leading and trailing   ",
    "well-known state-of-the-art model",
    "Numbers 123 and 4.5 vanish",
    "Caf\u00e9 na\u00efve r\u00e9sum\u00e9",
    "\u0130stanbul and the K\u212aelvin sign",
    "emoji \U0001F600 here",
    "ALL CAPS SENTENCE",
    "under_score and dots...and,commas",
    "!!!",
    "",
    "a",
    "multiple     spaces\t\t\ttabs",
    "quotes \"double\" and 'single'",
    "Stra\u00dfe and \u0130I",
    "x-y-z",
    "the movie was GREAT!!! 10/10, would watch again :)",
]


def main():
    reader = open_reader()
    print(f"python {sys.version.split()[0]}, nltk {nltk.__version__}, WordNet {reader.get_version()} from {WORDNET}")
    rng = random.Random(20191109)
    exception_samples = []
    for suffix in ("noun", "verb", "adj", "adv"):
        with open(os.path.join(WORDNET, f"{suffix}.exc")) as f:
            forms = [line.split()[0] for line in f if line.strip()]
        exception_samples += rng.sample(forms, min(40, len(forms)))
    lemma_samples = []
    for suffix in ("noun", "verb", "adj", "adv"):
        with open(os.path.join(WORDNET, f"index.{suffix}")) as f:
            lemmas = [line.split()[0] for line in f if not line.startswith(" ")]
        lemma_samples += rng.sample(lemmas, 25)
    words = []
    for word in COMMON + INFLECTED + SPECIAL + exception_samples + lemma_samples:
        if word not in words:
            words.append(word)

    synonyms = {}
    for word in words:
        ordered = dedupe_synonyms(reader, word)
        assert set(ordered) == eda_set(reader, word), word
        synonyms[word] = ordered
    morphy = {pos: {word: reader._morphy(word.lower(), pos) for word in words} for pos in ("n", "v", "a", "r")}
    cleaning = [[text, clean(text)] for text in CLEANING]
    assert len(STOP_WORDS) == 128 and len(set(STOP_WORDS)) == 128

    os.makedirs(OUT, exist_ok=True)
    for name, value in (("synonyms.json", synonyms), ("morphy.json", morphy),
                        ("cleaning.json", cleaning), ("stopwords.json", STOP_WORDS)):
        with open(os.path.join(OUT, name), "w") as f:
            json.dump(value, f, ensure_ascii=True, indent=0, sort_keys=False)
            f.write("\n")
    empty = sum(1 for s in synonyms.values() if not s)
    print(f"{len(words)} words ({empty} without synonyms), {len(cleaning)} cleaning cases -> {OUT}")


if __name__ == "__main__":
    main()
