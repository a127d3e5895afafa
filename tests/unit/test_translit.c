/*
 * test_translit.c - unit tests of the Russian key (common/translit.c).
 *
 * Concrete keys, the equalities every romanization must reach, the rule for
 * a final soft sign, words without a key, small buffers, and the gate.
 */
#include "translit.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <libstemmer.h>
#include <string.h>

static int setup(void **state)
{
	struct sb_stemmer *ru = sb_stemmer_new("russian", "UTF_8");

	*state = ru;
	return ru ? 0 : -1;
}

static int teardown(void **state)
{
	sb_stemmer_delete(*state);
	return 0;
}

/* The key of a NUL-terminated word, or "" when it has none. */
static const char *key(void **state, const char *w, char *buf)
{
	size_t n = rbp_russian_key(*state, w, strlen(w), buf, RBP_KEY_MAX);

	assert_int_equal(n, strlen(buf));
	return buf;
}

/* Every word of the NULL-terminated list has the same, non-empty key. */
static void same_key(void **state, ...)
{
	char first[RBP_KEY_MAX], other[RBP_KEY_MAX];
	const char *w0, *w;
	va_list ap;

	va_start(ap, state);
	w0 = va_arg(ap, const char *);
	key(state, w0, first);
	if (!first[0])
		fail_msg("%s has no key", w0);
	while ((w = va_arg(ap, const char *)) != NULL)
		if (strcmp(key(state, w, other), first))
			fail_msg("%s -> %s but %s -> %s", w0, first, w, other);
	va_end(ap);
}

static void differ(void **state, const char *a, const char *b)
{
	char ka[RBP_KEY_MAX], kb[RBP_KEY_MAX];

	key(state, a, ka);
	key(state, b, kb);
	if (!strcmp(ka, kb))
		fail_msg("%s and %s share the key %s", a, b, ka);
}

/* ------------------------------------------------------------------------- */

static void test_cyrillic_keys(void **state)
{
	char b[RBP_KEY_MAX];

	/* the Snowball stem, then the fold */
	assert_string_equal(key(state, "россия", b), "росс");
	assert_string_equal(key(state, "белоруссии", b), "белорусс");
	assert_string_equal(key(state, "союза", b), "союз");
	assert_string_equal(key(state, "военная", b), "воен");
	/* ь removed from the stem (вентильн), тс -> ц (советск), сч -> щ */
	assert_string_equal(key(state, "вентильная", b), "вентилн");
	assert_string_equal(key(state, "советский", b), "совецк");
	assert_string_equal(key(state, "счёт", b), "щет");
	/* ё -> е, й ы -> и, э -> е */
	assert_string_equal(key(state, "хрущёв", b), "хрущ");
	assert_string_equal(key(state, "выборы", b), "вибор");
	assert_string_equal(key(state, "этапе", b), "етап");
	/* upper case and ё from a caller that did not fold */
	assert_string_equal(key(state, "РОССИЯ", b), "росс");
	/* Belarusian і ў and the Ukrainian/Belarusian apostrophe */
	same_key(state, "беларусі", "беларуси", NULL);
	same_key(state, "аб'ява", "абъява", "абява", NULL);
	/* a stress mark is no letter */
	same_key(state, "полити\xcc\x81ка", "политика", NULL);
}

static void test_loc(void **state)
{
	same_key(state, "ventil'naia", "вентильная", "ventilʹnai͡a", NULL);
	same_key(state, "diplomatiia", "дипломатия", "diplomatii͡a", NULL);
	same_key(state, "politicheskaia", "политическая", NULL);
	same_key(state, "mezhdunarodnye", "международные", NULL);
	same_key(state, "otnosheniia", "отношения", NULL);
	same_key(state, "izvestiia", "известия", "izvestii︠a︡", NULL);
	same_key(state, "rossiia", "россия", NULL);
	same_key(state, "pochtoi", "почтой", NULL);
	same_key(state, "pervyi", "первый", NULL);
	same_key(state, "razoshelsia", "разошелся", NULL);
	same_key(state, "nat͡sional'nyi", "natsional'nyi", "национальный", NULL);
	same_key(state, "obʺiavlenie", "объявление", NULL);
	same_key(state, "shchit", "щит", NULL);
	same_key(state, "soiuz", "союз", NULL);
	same_key(state, "zatish'e", "затишье", NULL);
	/* ia is я in LoC, so иа is read as я on both sides */
	same_key(state, "materialy", "материалы", NULL);
}

static void test_bgn(void **state)
{
	same_key(state, "voennaya", "военная", "voyennaya", NULL);
	same_key(state, "doktrina", "доктрина", NULL);
	same_key(state, "russkiy", "русский", NULL);
	same_key(state, "belorusskoy", "белорусской", "belorusskoi", NULL);
	same_key(state, "mezhdunarodnyye", "международные", NULL);
	same_key(state, "soyuza", "союза", NULL);
	same_key(state, "pervyy", "первый", NULL);
	same_key(state, "zasedaniye", "заседание", "zasedanie", NULL);
	same_key(state, "gutseriyev", "гуцериев", NULL);
	same_key(state, "khrushchëv", "хрущёв", NULL);
	same_key(state, "sovet·skiy", "советский", NULL); /* middle dot */
	same_key(state, "grigor’yeva", "григорьева", NULL);
}

static void test_iso9(void **state)
{
	same_key(state, "ščit", "щит", "ŝit", NULL);
	same_key(state, "soûza", "союза", NULL);
	same_key(state, "hruŝëv", "хрущёв", NULL);
	same_key(state, "elʹcin", "ельцин", NULL);
	same_key(state, "rossijskaâ", "российская", NULL);
	same_key(state, "federaciâ", "федерация", NULL);
	same_key(state, "èkonomičeskij", "экономический", NULL);
	same_key(state, "nezavisimyh", "независимых", NULL);
	/* decomposed letters (not NFKC) still read as č and â */
	same_key(state, "s\xcc\x8c" "c\xcc\x8c" "it", "щит", NULL);
	same_key(state, "rossia\xcc\x82", "россия", NULL);
}

static void test_scholarly(void **state)
{
	same_key(state, "šč", "щ", NULL);
	same_key(state, "ščit", "щит", NULL);
	same_key(state, "sojuza", "союза", NULL);
	/* ch is х and x is х in a word with háček letters, ч elsewhere */
	same_key(state, "chruščev", "xruščev", "хрущёв", "khrushchev", NULL);
	same_key(state, "žirinovskij", "жириновский", NULL);
	same_key(state, "vjačeslav", "вячеслав", NULL);
	same_key(state, "rossija", "россия", NULL);
}

static void test_popular(void **state)
{
	same_key(state, "ventilnaya", "вентильная", NULL);
	same_key(state, "rosneft", "роснефть", "rosneft'", "rosneftʹ", NULL);
	same_key(state, "zhirinovsky", "zhirinovskii", "zhirinovskiy", "жириновский", NULL);
	same_key(state, "russkoye", "русское", NULL);
	same_key(state, "natsionalnoye", "национальное", NULL);
	same_key(state, "yeltsin", "eltsin", "ельцин", NULL);
	same_key(state, "mihail", "mikhail", "михаил", NULL);
	same_key(state, "shoigu", "shoygu", "шойгу", NULL);
	same_key(state, "alexei", "aleksei", "алексей", NULL);
	same_key(state, "belorussia", "belorussiya", "byelorussia", "белоруссия", NULL);
	same_key(state, "obschiy", "общий", NULL);
	same_key(state, "nakhoditsya", "находится", NULL);
	same_key(state, "evgeny", "евгений", NULL);
	same_key(state, "solovyov", "soloviev", "solov'ev", "соловьёв", NULL);
	/* an English possessive is not part of the word */
	same_key(state, "lukashenko's", "lukashenko", "лукашенко", NULL);
}

/* Different words stay different: what the fold must not merge, and name
 * forms that are a glossary matter. */
static void test_different(void **state)
{
	differ(state, "щит", "шит");
	differ(state, "сад", "сат");
	differ(state, "moscow", "москва");
	differ(state, "kyiv", "киев");
	differ(state, "peter", "петр");
	differ(state, "kremlin", "кремль");
	differ(state, "россия", "русский");
}

/* The analyzer's word break drops a final apostrophe (Belarus' -> belarus),
 * so a final ь ъ is dropped on both sides before stemming (Snowball would
 * read беларусь as a reflexive -сь and stem it to белар). */
static void test_final_soft_sign(void **state)
{
	char b[RBP_KEY_MAX];

	assert_string_equal(key(state, "беларусь", b), "беларус");
	same_key(state, "беларусь", "беларуси", "беларусью", "belarus",
		 "belarus'", "belarusʹ", "belarusi", NULL);
	same_key(state, "rus", "rus'", "русь", NULL);
	same_key(state, "kommersant", "коммерсантъ", NULL);
	/* ... and put back after endings that nearly always had it, so the
	 * stemmer still strips reflexive and infinitive endings */
	same_key(state, "согласилась", "soglasilas", "soglasilas'", "согласился", NULL);
	same_key(state, "разговаривать", "razgovarivat", "разговаривал", NULL);
	same_key(state, "potrebnost", "potrebnost'", "потребность", "потребности", NULL);
	assert_string_equal(key(state, "ь", b), "");
}

static void test_no_key(void **state)
{
	char b[RBP_KEY_MAX];

	assert_string_equal(key(state, "2017", b), "");
	assert_string_equal(key(state, "3g", b), "");
	assert_string_equal(key(state, "тест1", b), "");
	assert_string_equal(key(state, "հայաստան", b), "");  /* Armenian */
	assert_string_equal(key(state, "αθήνα", b), "");     /* Greek */
	assert_string_equal(key(state, "ρоссия", b), "");    /* Greek rho + Cyrillic */
	assert_string_equal(key(state, "pоссия", b), "");    /* Latin p + Cyrillic */
	assert_string_equal(key(state, "ñandú", b), "");     /* Latin, not romanized Russian */
	assert_string_equal(key(state, "'", b), "");
	assert_string_equal(key(state, "\xff\xfe", b), "");  /* invalid UTF-8 */
	assert_string_equal(key(state, "\xd0", b), "");      /* cut sequence */
	assert_int_equal(rbp_russian_key(*state, "россия", 0, b, sizeof b), 0);
	assert_int_equal(rbp_russian_key(NULL, "россия", 12, b, sizeof b), 0);
	assert_int_equal(rbp_russian_key(*state, NULL, 12, b, sizeof b), 0);
}

static void test_buffer(void **state)
{
	char b[RBP_KEY_MAX], big[RBP_KEY_MAX_IN + 2];
	size_t n = rbp_russian_key(*state, "россия", 12, b, sizeof b);

	assert_int_equal(n, 8); /* "росс": four two-byte letters */
	/* exactly enough room: the key and its NUL */
	memset(b, 'x', sizeof b);
	assert_int_equal(rbp_russian_key(*state, "россия", 12, b, 9), 8);
	assert_string_equal(b, "росс");
	/* one byte short: no key at all, never a cut one */
	memset(b, 'x', sizeof b);
	assert_int_equal(rbp_russian_key(*state, "россия", 12, b, 8), 0);
	assert_int_equal(b[0], '\0');
	assert_int_equal(rbp_russian_key(*state, "россия", 12, b, 1), 0);
	assert_int_equal(b[0], '\0');
	assert_int_equal(rbp_russian_key(*state, "россия", 12, b, 0), 0);
	assert_int_equal(rbp_russian_key(*state, "россия", 12, NULL, 10), 0);
	/* the length is honoured: no NUL needed */
	assert_int_equal(rbp_russian_key(*state, "россияXYZ", 12, b, sizeof b), 8);
	assert_string_equal(b, "росс");
	/* the longest word looked at, and one byte more */
	memset(big, 'x', sizeof big);
	assert_true(rbp_russian_key(*state, big, RBP_KEY_MAX_IN, b, sizeof b) > 0);
	assert_int_equal(rbp_russian_key(*state, big, RBP_KEY_MAX_IN + 1, b, sizeof b), 0);
	/* x -> кс doubles the bytes: the worst case still fits RBP_KEY_MAX */
	assert_int_equal(strlen(b), 0);
	n = rbp_russian_key(*state, big, RBP_KEY_MAX_IN, b, sizeof b);
	assert_true(n > 0 && n < RBP_KEY_MAX);
}

/* A wildcard's key prefix: letters and fold, no stem; a prefix of the keys
 * of the words it starts. */
static void test_key_prefix(void **state)
{
	char b[RBP_KEY_MAX], k[RBP_KEY_MAX];
	const char *prefixes[] = { "soprovozhd", "сопровожд", "Сопровожд" };

	for (size_t i = 0; i < sizeof prefixes / sizeof *prefixes; i++) {
		assert_int_equal(rbp_russian_key_prefix(prefixes[i], strlen(prefixes[i]), b, sizeof b),
				 strlen("сопровожд"));
		assert_string_equal(b, "сопровожд");
	}
	rbp_russian_key_prefix("podderzh", 8, b, sizeof b);
	key(state, "поддержка", k);
	assert_memory_equal(b, k, strlen(b));
	rbp_russian_key_prefix("ventil'n", 8, b, sizeof b);
	assert_string_equal(b, "вентилн"); /* the soft sign folded, as in keys */
	assert_int_equal(rbp_russian_key_prefix("2014", 4, b, sizeof b), 0);
	assert_string_equal(b, "");
	assert_int_equal(rbp_russian_key_prefix("сопровожд", 18, b, 4), 0);
}

static void test_gate_english(void **state)
{
	static const char *const english[] = {
		"the", "policy", "most", "diplomacy", "is", "on", "post",
		"nation", "thinking", "moscow", "made", "question", "don't",
		"o'clock", "it's", "well", "great", "country", "with", "cost",
		"thorn", "plate", "dates", "swim"
	};

	(void)state;
	for (size_t i = 0; i < sizeof english / sizeof *english; i++)
		if (rbp_latin_may_be_russian(english[i], strlen(english[i])))
			fail_msg("gate lets %s through", english[i]);
}

static void test_gate_russian(void **state)
{
	static const char *const russian[] = {
		"russkiy", "ventil'naia", "ventilʹnai͡a", "diplomatiia", "ščit",
		"zhirinovsky", "soyuz", "lukashenko", "lukashenko's", "gazprom",
		"medvedev", "pravda", "belorusskoi", "khrushchev", "sovet·skiy",
		"v", "na", "kgb", "rf", "mir", "voennaya", "shchit",
		"s.v.lavrova", "politike", "tovarooborot",
		"belarus'" /* U+02BC is a letter to the word break: a final ' stays */
	};

	(void)state;
	for (size_t i = 0; i < sizeof russian / sizeof *russian; i++)
		if (!rbp_latin_may_be_russian(russian[i], strlen(russian[i])))
			fail_msg("gate stops %s", russian[i]);
}

/* а, и, о in Latin letters are left to English: "a", "i", "o" are far
 * more often English words. */
static void test_gate_single_letters(void **state)
{
	(void)state;
	assert_false(rbp_latin_may_be_russian("a", 1));
	assert_false(rbp_latin_may_be_russian("i", 1));
	assert_false(rbp_latin_may_be_russian("o", 1));
	assert_true(rbp_latin_may_be_russian("v", 1));
	assert_true(rbp_latin_may_be_russian("s", 1));
}

/* A soft sign written as an apostrophe after a word's first letter, and
 * the Irish O' and the French elisions it must not be taken for. */
static void test_gate_initial_apostrophe(void **state)
{
	static const char *const soft[] = { "p'er", "p'yer", "l'vov", "d'iakonov", "t'ma" };
	static const char *const not_soft[] = {
		"o'brien", "o'neill", "d'artagnan", "l'europe", "d'estaing", "l'hopital",
		"qu'il", "j'ai"
	};
	char a[RBP_KEY_MAX], b[RBP_KEY_MAX];

	for (size_t i = 0; i < sizeof soft / sizeof *soft; i++)
		if (!rbp_latin_may_be_russian(soft[i], strlen(soft[i])))
			fail_msg("gate stops %s", soft[i]);
	for (size_t i = 0; i < sizeof not_soft / sizeof *not_soft; i++)
		if (rbp_latin_may_be_russian(not_soft[i], strlen(not_soft[i])))
			fail_msg("gate lets %s through", not_soft[i]);
	/* and they reach the Cyrillic word */
	assert_string_equal(key(state, "p'er", a), key(state, "пьер", b));
	assert_string_equal(key(state, "pyer", a), key(state, "пьер", b));
	assert_string_equal(key(state, "l'vov", a), key(state, "львов", b));
	assert_true(rbp_latin_may_be_russian("pyotr", 5));
}

/* Names in their cases: one stem for Лавров and Лаврова, in either script;
 * Дарья keeps its soft sign, away from дар. */
static size_t stem_of(const char *w, bool *sure)
{
	return rbp_name_stem(w, strlen(w), sure);
}

/* The one name key of a word, in out ("" for none). */
static const char *name_key(void **state, const char *w, char *out, bool *sure)
{
	char k[2][RBP_KEY_MAX];
	size_t kl[2];
	size_t n = rbp_russian_name_keys(*state, w, strlen(w), k, kl, sure);

	assert_true(n <= 1);
	memcpy(out, k[0], kl[0] + 1);
	return out;
}

static void test_name_stem(void **state)
{
	static const char *const forms[] = {
		"лавров", "лаврова", "лаврову", "лавровым", "лаврове", "лавровой", "лавровых"
	};
	char a[RBP_KEY_MAX], b[RBP_KEY_MAX];
	bool sure;

	assert_int_equal(stem_of("лавров", &sure), strlen("лавров"));
	assert_true(sure);
	assert_int_equal(stem_of("медведев", NULL), strlen("медведев"));
	assert_int_equal(stem_of("дарья", NULL), strlen("дарь"));
	assert_int_equal(stem_of("дарьей", NULL), strlen("дарь"));
	/* Snowball's stem serves: no name stem */
	assert_int_equal(stem_of("лаврова", NULL), 0);
	assert_int_equal(stem_of("путин", NULL), 0);
	assert_int_equal(stem_of("лев", NULL), 0); /* too short */
	assert_int_equal(stem_of("Лавров", NULL), 0); /* lower case only */
	assert_int_equal(stem_of("lavrov", NULL), 0);
	assert_int_equal(rbp_name_stem(NULL, 3, NULL), 0);

	/* the name key of the nominative is the key of every other case */
	name_key(state, "лавров", a, &sure);
	assert_true(a[0] && sure);
	for (size_t i = 1; i < sizeof forms / sizeof *forms; i++)
		assert_string_equal(a, key(state, forms[i], b));
	assert_string_equal(a, name_key(state, "lavrov", b, &sure));
	name_key(state, "горбачёв", a, &sure);
	assert_string_equal(a, key(state, "горбачева", b));
	/* дарья: not the key of даром */
	name_key(state, "дарья", a, &sure);
	assert_true(a[0]);
	assert_string_not_equal(a, key(state, "даром", b));
	assert_string_equal(name_key(state, "путина", a, &sure), "");
}

/* The -й declension: every case of Макей, Алексей, Николай, Корея has one
 * name stem; -ая and -ую, adjectives' as often, are not sure. */
static void test_name_stem_jot(void **state)
{
	static const char *const para[][6] = {
		{ "макей", "макея", "макею", "макеем", "макее", "маке" },
		{ "алексей", "алексея", "алексею", "алексеем", "алексее", "алексе" },
		{ "андрей", "андрея", "андрею", "андреем", "андрее", "андре" },
		{ "николай", "николая", "николаю", "николаем", "николае", "никола" },
		{ "корея", "корею", "кореей", "корее", "кореею", "коре" },
	};
	char a[RBP_KEY_MAX];
	bool sure;

	for (size_t i = 0; i < sizeof para / sizeof *para; i++)
		for (size_t k = 0; k < 5; k++) {
			assert_int_equal(stem_of(para[i][k], NULL), strlen(para[i][5]));
			assert_string_equal(name_key(state, para[i][k], a, &sure), para[i][5]);
		}
	stem_of("макей", &sure);
	assert_true(sure);
	stem_of("николая", &sure);
	assert_false(sure); /* as троцкая */
	stem_of("троцкую", &sure);
	assert_false(sure);
	/* Latin: Makei, Makey, Makeya, Makeyem */
	assert_string_equal(name_key(state, "makei", a, &sure), "маке");
	assert_string_equal(name_key(state, "makey", a, &sure), "маке");
	assert_string_equal(name_key(state, "makeya", a, &sure), "маке");
	assert_string_equal(name_key(state, "makeyem", a, &sure), "маке");
	/* short: Гуй and Ней are Snowball's (гу, not не) */
	assert_int_equal(stem_of("гуй", NULL), 0);
	assert_int_equal(stem_of("ней", NULL), 0);
	/* adjectival surnames and -ой: Snowball's */
	assert_int_equal(stem_of("троцкий", NULL), 0);
	assert_int_equal(stem_of("толстой", NULL), 0);
	assert_int_equal(stem_of("троцкого", NULL), 0);
}

/* Indeclinable surnames are their own stems: Черных is not черн (черный),
 * Долгих not долг, Бойко not бойк (бойкий); -енко stays Snowball's. */
static void test_name_stem_indeclinable(void **state)
{
	char a[RBP_KEY_MAX], b[RBP_KEY_MAX];
	bool sure;

	assert_int_equal(stem_of("черных", &sure), strlen("черных"));
	assert_true(sure);
	assert_int_equal(stem_of("долгих", NULL), strlen("долгих"));
	assert_int_equal(stem_of("живаго", NULL), strlen("живаго"));
	assert_int_equal(stem_of("бойко", NULL), strlen("бойко"));
	assert_int_equal(stem_of("кличко", NULL), strlen("кличко"));
	assert_int_equal(stem_of("шевченко", NULL), 0);
	assert_int_equal(stem_of("лукашенко", NULL), 0);
	assert_string_equal(name_key(state, "chernykh", a, &sure), "черних");
	assert_string_equal(name_key(state, "черных", b, &sure), a);
	assert_string_not_equal(a, key(state, "черный", b));
}

/* Soloviev: the i of a Latin name may be a soft sign; both readings. */
static void test_name_keys_soft_i(void **state)
{
	/* and Alexander, Aleksander: Александр, whose English form it is */
	char c[RBP_KEY_MAX], d[RBP_KEY_MAX];
	assert_string_equal(key(state, "alexander", c), key(state, "александр", d));
	assert_string_equal(key(state, "aleksander", c), d);

	char k[2][RBP_KEY_MAX], a[RBP_KEY_MAX], b[RBP_KEY_MAX];
	size_t kl[2];
	bool sure;

	assert_int_equal(rbp_russian_name_keys(*state, "soloviev", 8, k, kl, &sure), 2);
	assert_true(sure);
	name_key(state, "соловьев", a, &sure);
	name_key(state, "дмитриев", b, &sure);
	assert_true(!strcmp(k[0], a) || !strcmp(k[1], a));
	assert_int_equal(rbp_russian_name_keys(*state, "dmitriev", 8, k, kl, &sure), 2);
	assert_true(!strcmp(k[0], b) || !strcmp(k[1], b));
	assert_int_equal(rbp_russian_name_keys(*state, "lavrov", 6, k, kl, &sure), 1);
	assert_int_equal(rbp_russian_name_keys(*state, "putin", 5, k, kl, &sure), 0);
	assert_int_equal(rbp_russian_name_keys(*state, "", 0, k, kl, &sure), 0);
}

static void test_gate_other(void **state)
{
	(void)state;
	/* not Latin script, no letters, not romanized Russian */
	assert_false(rbp_latin_may_be_russian("россия", strlen("россия")));
	assert_false(rbp_latin_may_be_russian("2017", 4));
	assert_false(rbp_latin_may_be_russian("", 0));
	assert_false(rbp_latin_may_be_russian(NULL, 3));
	assert_false(rbp_latin_may_be_russian("café", strlen("café")));
	assert_false(rbp_latin_may_be_russian("\xff", 1));
	/* the length is honoured */
	assert_false(rbp_latin_may_be_russian("thezh", 3));
	assert_true(rbp_latin_may_be_russian("zhthe", 2));
}

/* The French reading: ou, tch, j, ch as MVD 310 French writes them. */
static void test_french(void **state)
{
	char a[RBP_KEY_MAX], b[RBP_KEY_MAX];

	assert_int_equal(rbp_french_marks("katiouche", 9), RBP_FR_MARKED);
	assert_int_equal(rbp_french_marks("tchto", 5), RBP_FR_MARKED);
	assert_int_equal(rbp_french_marks("strachen", 8), RBP_FR_AMBIGUOUS);
	assert_int_equal(rbp_french_marks("je", 2), RBP_FR_AMBIGUOUS);
	assert_int_equal(rbp_french_marks("lavrov", 6), RBP_FR_NONE);
	/* common English words show nothing */
	assert_int_equal(rbp_french_marks("you", 3), RBP_FR_NONE);
	assert_int_equal(rbp_french_marks("house", 5), RBP_FR_NONE);
	assert_int_equal(rbp_french_marks("much", 4), RBP_FR_NONE);
	assert_true(rbp_russian_key_french(*state, "katiouche", 9, a, sizeof a) > 0);
	assert_string_equal(a, key(state, "катюше", b));
	rbp_russian_key_french(*state, "strachen", 8, a, sizeof a);
	assert_string_equal(a, key(state, "страшен", b));
	rbp_russian_key_french(*state, "zachtchita", 10, a, sizeof a);
	assert_string_equal(a, key(state, "защита", b));
	rbp_russian_key_french(*state, "dolguikh", 8, a, sizeof a);
	assert_string_equal(a, key(state, "долгих", b));
	assert_int_equal(rbp_russian_key_french(*state, "lavrov", 6, a, sizeof a), 0);
	assert_string_equal(a, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cyrillic_keys),
		cmocka_unit_test(test_loc),
		cmocka_unit_test(test_bgn),
		cmocka_unit_test(test_iso9),
		cmocka_unit_test(test_scholarly),
		cmocka_unit_test(test_popular),
		cmocka_unit_test(test_different),
		cmocka_unit_test(test_final_soft_sign),
		cmocka_unit_test(test_no_key),
		cmocka_unit_test(test_buffer),
		cmocka_unit_test(test_key_prefix),
		cmocka_unit_test(test_gate_english),
		cmocka_unit_test(test_gate_russian),
		cmocka_unit_test(test_gate_single_letters),
		cmocka_unit_test(test_gate_other),
		cmocka_unit_test(test_gate_initial_apostrophe),
		cmocka_unit_test(test_name_stem),
		cmocka_unit_test(test_name_stem_jot),
		cmocka_unit_test(test_name_stem_indeclinable),
		cmocka_unit_test(test_name_keys_soft_i),
		cmocka_unit_test(test_french),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
