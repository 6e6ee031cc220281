"""Writes the benchmark's sentences (seeded): 2,000 lines of 6 to 30 words drawn from a fixed
English word list with punctuation, about 20 WordPiece tokens each on average.

usage: sentences.py PATH [COUNT]"""
import random
import sys

WORDS = """the a of to and in is it that for on with as was by at be this from are or have an they which
one you were her all she there would their we him been has when who will more no if out so said what up its
about into than them can only other new some could time these two may then do first any my now such like our
over man me even most made after also did many before must through back years where much your way well down
should because each just those people how too little state good very make world still own see men work long
get here between both life being under never day same another know while last might us great old year off
come since against go came right used take three model network weights spectrum layer training data learning
matrix eigenvalue random neural language study results figure table quickly slowly carefully brightly
running jumping reading writing painting singing swimming thinking walking talking""".split()
PUNCTUATION = [".", ".", ".", "!", "?", ",", ";"]

path = sys.argv[1]
count = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
random.seed(2000)
with open(path, "w", encoding="utf-8") as out:
    for _ in range(count):
        words = [random.choice(WORDS) for _ in range(random.randint(6, 30))]
        words[0] = words[0].capitalize()
        if random.random() < 0.3:
            words.insert(random.randint(1, len(words) - 1), ",")
        out.write(" ".join(words).replace(" ,", ",") + random.choice(PUNCTUATION) + "\n")
