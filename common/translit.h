/*
 * translit.h - the Russian key: one canonical term for a Russian word, whether
 * it is written in Cyrillic or in any common romanization (ALA-LC, BGN/PCGN,
 * ISO 9, the scholarly system, popular spellings).
 *
 *   Cyrillic word: drop a final ь/ъ (the word break drops a final
 *                  apostrophe, so "Belarus'" arrives as "belarus"), Snowball
 *                  Russian stem, fold.
 *   Latin word:    romanization -> Cyrillic (longest-match rules in
 *                  translit.c), then exactly the Cyrillic path.
 *
 * The fold that follows the stem erases what the romanizations cannot tell
 * apart: й ы -> и, э ё -> е, ь ъ removed, тс -> ц, сч -> щ.  So
 * "Ventil'naia", "Ventil’naya", "ventilnaya", "Ventilʹnaâ" and "вентильная"
 * all have the key "вентилн"; "Belarus", "Belarusi", "Беларусь" and
 * "Беларуси" all have "беларус".  The mapping and fold decisions, with their
 * measured effect, are written down at the top of translit.c;
 * tests/unit/translit_eval.c measures them against tests/data/ru_variants.tsv.
 *
 * Conventions are those of rb.h: internal names carry the rbp_ prefix, nothing
 * here prints, exits or allocates (only the caller's stemmer may grow its own
 * buffer), and there is no global mutable state.  The Snowball stemmer is not
 * thread-safe, so the caller passes in its own.
 */
#ifndef RB_TRANSLIT_H
#define RB_TRANSLIT_H

#include <stdbool.h>
#include <stddef.h>

struct sb_stemmer;

/* Bytes of a folded word looked at; a longer word gets no key.  (The analyzer
 * never passes more than RB_MAX_TERM bytes.) */
#define RBP_KEY_MAX_IN 256

/* The largest key rbp_russian_key() can write, NUL included.  A key is at
 * most two bytes per Cyrillic letter of the stem and the transliteration of
 * RBP_KEY_MAX_IN bytes has at most 2 * RBP_KEY_MAX_IN letters. */
#define RBP_KEY_MAX (4 * RBP_KEY_MAX_IN + 1)

/*
 * Write the Russian key of a folded word into out (NUL-terminated, at most
 * outsz bytes incl. NUL); return its length, or 0 when the word gets no key.
 * `ru` is a Snowball "russian" UTF_8 stemmer owned by the caller.
 *
 * `word` is the analyzer's folded word: NFKC case folded UTF-8, apostrophe
 * look-alikes already ASCII ', ё already е.  It need not be NUL-terminated.
 * The key is Cyrillic UTF-8 with no term prefix.
 *
 * A final English possessive is not part of a Latin word ("lukashenko's"
 * has the key of "lukashenko").
 *
 * No key (0, and out[0] = '\0' when outsz > 0) for: an empty word; a word
 * with a digit, a letter of a script other than Latin or Cyrillic, a Latin
 * letter no romanization of Russian uses (ñ, ß, ...) or punctuation other
 * than apostrophes, ʹ ʺ ”, dots and the middle dot; a word mixing Latin and
 * Cyrillic letters; invalid UTF-8; a word longer than RBP_KEY_MAX_IN bytes;
 * a key that does not fit in outsz bytes (a key is never truncated: a cut key
 * would be another word's key; RBP_KEY_MAX always fits); and when the stemmer
 * fails (it does only when out of memory).
 *
 * The key does not depend on rbp_latin_may_be_russian(): the caller decides
 * whether a Latin word is worth a key.  The call stems with `ru`, so it ends
 * the life of whatever sb_stemmer_stem(ru, ...) returned before (copy a stem
 * first if the same stemmer made it).  Allocation-free; reentrant given one
 * stemmer per thread.
 */
size_t rbp_russian_key(struct sb_stemmer *ru, const char *word, size_t len,
		       char *out, size_t outsz);

/*
 * The key prefix of a word prefix (a wildcard's soprovozhd or сопровожд:
 * сопровожд), for matching the keys of the words that start with it: the
 * letters in Cyrillic and folded as a key is, but not stemmed, since a
 * prefix has no ending to take off.  Writes it into out (NUL-terminated, at
 * most outsz bytes incl. NUL) and returns its length, or 0 for no key prefix
 * (on the grounds rbp_russian_key() gives none).  No stemmer; no
 * allocation.
 */
size_t rbp_russian_key_prefix(const char *word, size_t len, char *out, size_t outsz);

/*
 * Names in their cases (translit.c says which classes and why):
 * rbp_name_stem() gives the length in bytes of the stem a lower-case
 * Cyrillic word's case forms share as a name, a prefix of the word (лавров
 * for Лавров, дарь for Дарья, маке for Макея, черных for Черных), or 0 when
 * the Snowball stem serves or the word is not lower-case Russian Cyrillic.
 * *sure (may be NULL) is set false when the form may as well be an
 * adjective's (Троцкая: троцка as a name, троцк as the adjective), so that
 * a query keeps Snowball's stem beside it.
 *
 * rbp_russian_name_keys() is rbp_russian_key() with that stem in place of
 * Snowball's, in either script (Lavrov, Лавров: лавров): up to two keys,
 * in out[0] and out[1] with their lengths, for the readings a Latin name
 * may have (Soloviev: соловиев and соловев, as Дмитриев and Соловьёв);
 * returns how many (0 for a word that is no such name form), and sets
 * *sure as above, false if any reading is unsure.  Neither allocates.
 */
size_t rbp_name_stem(const char *word, size_t len, bool *sure);
size_t rbp_russian_name_keys(struct sb_stemmer *ru, const char *word, size_t len,
			     char out[2][RBP_KEY_MAX], size_t outlen[2], bool *sure);

/*
 * True if a Latin-script folded word may be Russian in romanization, so that
 * indexing it with a key is worthwhile.  False for ordinary English words
 * ("the", "policy", "most", "diplomacy"), whose keys would otherwise collide
 * with Russian words (most = мост); true for "russkiy", "ventil'naia",
 * "lukashenko", "gazprom", and for the Russian function words a phrase
 * needs ("v", "na", "i", "a", "o", "do").  False for a word that is not
 * Latin script.  The rules and their measured worth are in translit.c.
 * Pure function of the bytes; no allocation.
 */
bool rbp_latin_may_be_russian(const char *word, size_t len);

/* True if the folded word is one of the commonest English words (en_words.h,
 * written by tests/unit/en_words.sh): the gate refuses it, and a query word
 * typed in lower case gets no cognate key for it.  Pure; no allocation. */
bool rbp_english_word(const char *word, size_t len);

/*
 * The gate's context (translit.c says the rule): st[0..n) says, for each
 * word of a run in text order, RBP_CTX_NONE (not a Latin word, or one with
 * no key), RBP_CTX_REFUSED (a Latin word the gate refuses) or RBP_CTX_GATED;
 * out[k] is set true for a refused word that is keyed for its neighbours,
 * false for every other.  No allocation.
 */
enum { RBP_CTX_NONE = 0, RBP_CTX_REFUSED = 1, RBP_CTX_GATED = 2 };
void rbp_gate_context(const unsigned char *st, size_t n, bool *out);

/*
 * Write the cognate key of a folded word: one looser term for the
 * Belarusian and the Russian form of a name, in Cyrillic or Latin
 * (Гродна, Гродно, Hrodna and Grodno; Ціханоўская, Тихановская and
 * Tsikhanouskaya), after the regular correspondences of the two spellings
 * (translit.c says which).  Returns its length, or 0 for no key (as
 * rbp_russian_key(), and for a key under three letters).  Allocation-free
 * and reentrant; no stemmer.
 */
size_t rbp_cognate_key(const char *word, size_t len, char *out, size_t outsz);

/* The cognate keys of a Latin word read as French, German or Polish
 * romanize (Loukachenko, Lukaschenko, Łukaszenka: лукашенк), when its
 * letters show one of those languages: up to two readings, in out[0] and
 * out[1] with their lengths; returns how many (0 for none).  A word has
 * them besides its rbp_cognate_key(): they clash with the English-based
 * schemes (German sch is ш, LoC sch is сч). */
size_t rbp_cognate_keys_western(const char *word, size_t len, char out[2][RBP_KEY_MAX],
				size_t outlen[2]);

/*
 * The French reading (translit.c): rbp_french_marks() says whether a Latin
 * word shows the French scheme (RBP_FR_MARKED: ou, tch, dj, ï), may be
 * French where only ch, j or gue/gui say so (RBP_FR_AMBIGUOUS), or neither.
 * rbp_russian_key_french() writes the key of the word read as French
 * (Katiouche, Katyushe: катюш; strachen: страшен), as rbp_russian_key()
 * does, or 0 for a word with no French letters.  No allocation.
 */
enum { RBP_FR_NONE = 0, RBP_FR_AMBIGUOUS = 1, RBP_FR_MARKED = 2 };
int rbp_french_marks(const char *word, size_t len);
size_t rbp_russian_key_french(struct sb_stemmer *ru, const char *word, size_t len,
			      char *out, size_t outsz);
/* The French context (translit.c): st[0..n) as for rbp_gate_context(),
 * fr[0..n) each word's RBP_FR_*; out[k] is set true for an ambiguous word
 * whose keyed Latin neighbours show the French scheme.  No allocation. */
void rbp_french_context(const unsigned char *st, const unsigned char *fr, size_t n, bool *out);

#endif
