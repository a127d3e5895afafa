#!/bin/sh
# A researcher's reference library: BibTeX as Zotero, Better BibTeX and
# JabRef write it, CSL-JSON, and a Zotero data directory built from Zotero's
# schema (tests/data/zotero).  Metadata by precedence, refreshed when only a
# library changes; citations out in the forms writing tools take, read back
# by real consumers (pandoc --citeproc, bibtool); and the bad inputs.
. "$(dirname "$0")/lib.sh"

# bib NAME: tests/data/bib/NAME with the corpus's absolute path put in.
bib () {
	sed "s|@CORPUS@|$TMP/corpus|g" "$TOP/tests/data/bib/$1" >"$TMP/$1"
}

# doc ID QUERY [ARGS]: the JSON doc object of document ID among QUERY's hits.
doc () {
	id=$1 q=$2
	shift 2
	"$BIN/rbsearch" --format json -n 100 --per-doc 1 "$@" "$q" |
		jq -c --arg id "$id" 'select(.doc.id == $id)'
}

test_expect_success 'a Zotero directory: its attachments are indexed, nothing else' '
	sh "$TOP/tests/data/zotero/make.sh" "$TMP/z/Zotero" &&
	(cd "$TMP/z" && find . -type f -print0 | sort -z | xargs -0 md5sum) >before &&
	"$BIN/rbindex" --db zix --library "$TMP/z/Zotero" 2>err &&
	"$BIN/rbsearch" --db zix --format json -n 100 --per-doc 1 "Union OR Belarus OR Russia" |
		jq -r .doc.path | sort >paths &&
	test "$(wc -l <paths)" = 3 &&
	grep -q "storage/N7BX3C2M/Yakovlev-Golani - 2014 - The Union State.pdf$" paths &&
	grep -q "storage/C3TF9LXA/thinktank.html$" paths &&
	grep -q "storage/S3HV7K4W/union-state-under-strain.pdf$" paths &&
	! grep -q "F5GN8R2C\|ft-cache\|linked" paths &&
	grep -q "library .*/z/Zotero.: 5 entries, describing 3 documents; 1 attachment not found (--verbose names them); 1 linked file outside the paths given" err
'

test_expect_success 'Zotero is read, never written: no file changes, no journal is left' '
	(cd "$TMP/z" && find . -type f -print0 | sort -z | xargs -0 md5sum) >after &&
	test_cmp before after
'

test_expect_success 'a Zotero item: key, DOI, container, type, authors from the library' '
	RBSEARCH_DB=zix doc Yakovlev-Golani\ -\ 2014\ -\ The\ Union\ State "Union State" >hit &&
	jq -e ".doc.key == \"yakovlevgolani2014\" and .doc.doi == \"10.1016/j.euras.2014.05.002\" and
		.doc.container == \"Journal of Eurasian Studies\" and .doc.type == \"article-journal\" and
		.doc.title == \"The Union State of Russia and Belarus: Integration and Its Limits\" and
		.doc.authors == [\"Hanna Yakovlev-Golani\", \"Anna Petrovich\"] and .doc.date == \"2014-05-13\"" hit
'

test_expect_success 'a Zotero attachment opens in Zotero at its page; a snapshot opens in Zotero' '
	jq -e ".open | test(\"^zotero://open-pdf/library/items/N7BX3C2M[?]page=[0-9]+$\")" hit &&
	RBSEARCH_DB=zix doc thinktank "Valve Diplomacy" >snap &&
	jq -e ".open == \"zotero://open-pdf/library/items/C3TF9LXA\" and .doc.type == \"webpage\" and
		.doc.key == \"marples2014valve\"" snap
'

test_expect_success 'the library wins over the file: a PDF titled otherwise by its own metadata' '
	RBSEARCH_DB=zix "$BIN/rbsearch" --format json --explain -n 1 "key:yakovlevgolani2014" |
		jq -e ".explain_meta.title == \"library\" and .explain_meta.key == \"library\""
'

test_expect_success 'an attachment on its own is an entry; the item key is its key' '
	RBSEARCH_DB=zix doc union-state-under-strain "Union State" >own &&
	jq -e ".doc.key == \"S3HV7K4W\" and .doc.title == \"The Union State Under Strain\"" own
'

test_expect_success '--verbose names the missing attachment and the linked file not read' '
	"$BIN/rbindex" --db zix --verbose --library "$TMP/z/Zotero" 2>err &&
	grep -q "entry .kovalev2019. names .*M4PX2H8V/.*Союзное государство.*, which is not there" err &&
	grep -q "linked/report.pdf. is outside the paths given" err
'

test_expect_success 'a linked file is read when it is under a PATH given, with its metadata' '
	"$BIN/rbindex" --db zix "$TMP/z/linked" 2>err &&
	RBSEARCH_DB=zix doc report "Belarus OR Russia OR Union" >rep &&
	jq -e ".doc.source == \"Centre for Eastern Studies\" and .doc.authors == [\"Centre for Eastern Studies\"] and
		.doc.type == \"report\" and (.open | startswith(\"zotero://open-pdf/library/items/L2WK7D5S\"))" rep
'

test_expect_success 'a Zotero directory given as a PATH is a library too' '
	"$BIN/rbindex" --db zix2 --quiet "$TMP/z/Zotero" &&
	RBSEARCH_DB=zix2 "$BIN/rbsearch" --format json "key:marples2014valve" | jq -e ".doc.type == \"webpage\""
'

test_expect_success 'BibTeX as Zotero exports it: the corpus cited with the library keys' '
	cp -r "$TOP/corpus" corpus && bib zotero.bib &&
	"$BIN/rbindex" --db bix --library zotero.bib corpus 2>err &&
	grep -q "library .*zotero.bib.: 4 entries, describing 3 documents" err &&
	RBSEARCH_DB=bix "$BIN/rbsearch" --color=never -n 1 "valve diplomacy" >out &&
	grep -q "cite key \[@yakovlev-golani_siblings_2014\]" out &&
	RBSEARCH_DB=bix "$BIN/rbsearch" --color=never -n 1 --cite-style latex "valve diplomacy" |
		grep -q "cite key \\\\cite{yakovlev-golani_siblings_2014}$"
'

test_expect_success 'BibTeX: accents decoded, the sidecar wins, the library fills what it lacks' '
	RBSEARCH_DB=bix doc 001_425261fdc0da5375 "Belarus" --explain >one &&
	jq -e ".doc.authors == [\"Léa Schröder\", \"Jörg Müller\"] and
		.doc.title == \"[Russia’s policy towards Belarus since 2014]\" and
		.doc.source == \"Institut für Osteuropa-Studien\" and .doc.type == \"report\" and
		.explain_meta.title == \"sidecar\" and .explain_meta.authors == \"library\"" one
'

test_expect_success 'query fields key:, doi: and type:' '
	export RBSEARCH_DB=bix &&
	test "$("$BIN/rbsearch" --count key:schroder_russias_2020)" = "$("$BIN/rbsearch" --count key:SCHRODER_RUSSIAS_2020)" &&
	"$BIN/rbsearch" --count key:schroder_russias_2020 | grep -q " in 1 document$" &&
	"$BIN/rbsearch" --count type:report | grep -q " in 1 document$" &&
	"$BIN/rbsearch" --format json -n 100 "type:report Belarus" | jq -e -s "map(.doc.key) | unique == [\"schroder_russias_2020\"]" &&
	RBSEARCH_DB=zix "$BIN/rbsearch" --format json "doi:https://doi.org/10.1016/J.EURAS.2014.05.002" |
		jq -e -s "length > 0 and all(.doc.key == \"yakovlevgolani2014\")" &&
	! "$BIN/rbsearch" key:nosuchkey2020
'

test_expect_success 'only the library changed: metadata refreshed, no document read again' '
	sed "s/Schr{\\\\\"o}der, L{\\\\'"'"'e}a/Kowalska, Ewa/" zotero.bib >z2 && mv z2 zotero.bib &&
	grep -q "Kowalska, Ewa" zotero.bib &&
	"$BIN/rbindex" --db bix --library zotero.bib corpus 2>err &&
	grep -q "0 indexed, 6 unchanged" err &&
	grep -q "the metadata of 1 document refreshed" err &&
	RBSEARCH_DB=bix doc 001_425261fdc0da5375 "Belarus" >one &&
	jq -e ".doc.authors == [\"Ewa Kowalska\", \"Jörg Müller\"]" one &&
	RBSEARCH_DB=bix "$BIN/rbsearch" --count "author:Kowalska" | grep -q " in 1 document$" &&
	! RBSEARCH_DB=bix "$BIN/rbsearch" "author:Schröder"
'

test_expect_success 'an entry removed from the library drops its metadata, not the document' '
	awk "/^@techreport/ { skip = 1 } skip && /^}/ { skip = 0; next } !skip" zotero.bib >z2 &&
	mv z2 zotero.bib && ! grep -q schroder zotero.bib &&
	"$BIN/rbindex" --db bix --library zotero.bib corpus 2>err &&
	grep -q "0 indexed, 6 unchanged" err &&
	RBSEARCH_DB=bix doc 001_425261fdc0da5375 "Belarus" >one &&
	jq -e ".doc.authors == [] and .doc.key == null and .doc.title == \"[Russia’s policy towards Belarus since 2014]\"" one &&
	! RBSEARCH_DB=bix "$BIN/rbsearch" key:schroder_russias_2020
'

test_expect_success 'a later run without --library keeps the libraries; --no-library drops them' '
	"$BIN/rbindex" --db bix corpus 2>err &&
	RBSEARCH_DB=bix "$BIN/rbsearch" --count key:grigoryan_western_2020 | grep -q " in 1 document$" &&
	"$BIN/rbindex" --db bix --no-library corpus 2>err &&
	! RBSEARCH_DB=bix "$BIN/rbsearch" key:grigoryan_western_2020 &&
	test_must_fail_with 1 env RBSEARCH_LIBRARY="$TMP/nothere.bib:$TMP/zotero.bib" \
		"$BIN/rbindex" --db bix corpus 2>err &&
	grep -q "cannot read the library .*nothere.bib" err &&
	RBSEARCH_DB=bix "$BIN/rbsearch" --count key:grigoryan_western_2020 | grep -q " in 1 document$"
'

test_expect_success 'Better BibTeX (BibLaTeX) and JabRef files: keys, @string macros, relative files' '
	bib betterbibtex.bib && mkdir jr && cp -r corpus jr/corpus &&
	cp "$TOP/tests/data/bib/jabref.bib" jr/ &&
	"$BIN/rbindex" --db bbt --library betterbibtex.bib corpus 2>err &&
	grep -q "describing 3 documents; 1 attachment not found" err &&
	RBSEARCH_DB=bbt doc 004_b3cffd8a3b4bc38b "Belarus" >four &&
	jq -e ".doc.key == \"nowak2021\" and .doc.source == \"Institute for Eastern Policy, Vilnius\"" four &&
	"$BIN/rbindex" --db jix --library jr/jabref.bib jr/corpus 2>err &&
	grep -q "jabref.bib.: 3 entries, describing 3 documents; 1 attachment not found" err &&
	RBSEARCH_DB=jix doc 003_cffb0f1aa3a7bc49 "Belarus" | jq -e ".doc.key == \"RussiaBelarus2019\""
'

test_expect_success 'CSL-JSON: documents matched by title, folded title, URL and a DOI in the text' '
	mkdir c && cp corpus/002_* corpus/004_* c/ && cp "$TOP/tests/data/html/thinktank.html" c/ &&
	printf "The Union State revisited\ndoi:10.1016/j.euras.2014.05.002\n\nMoscow and Minsk.\n" >c/doi.txt &&
	"$BIN/rbindex" --db cix --library "$TOP/tests/data/bib/library.json" c 2>err &&
	grep -q "library.json.: 5 entries, describing 4 documents" err &&
	export RBSEARCH_DB=cix &&
	doc 002_1648e12c13348406 "Belarus" | jq -e ".doc.key == \"P7WX2KQA\"" &&
	doc 004_b3cffd8a3b4bc38b "Belarus" | jq -e ".doc.key == \"E4NB8RJT\"" &&
	doc thinktank "Belarus" | jq -e ".doc.key == \"HJ2V6K8P\"" &&
	doc doi "Minsk" | jq -e ".doc.key == \"yakovlevgolani2014\" and .doc.container == \"Journal of Eurasian Studies\""
'

test_expect_success '--format bibtex prints the library'"'"'s own entry, key unchanged; bibtool reads it' '
	RBSEARCH_DB=bix "$BIN/rbsearch" --format bibtex -n 30 Belarus >out.bib &&
	grep -q "^@misc{yakovlev-golani_siblings_2014,$" out.bib &&
	grep -q "file = {Snapshot:$TMP/corpus/000_480e562798b87219.txt:text/plain}" out.bib &&
	test "$(grep -c "^@misc{yakovlev-golani_siblings_2014," out.bib)" = 1 &&
	bibtool -q -o bt.bib ./out.bib 2>bterr && test ! -s bterr &&
	grep -qi "yakovlev-golani_siblings_2014" bt.bib
'

test_expect_success 'a Zotero item as BibTeX: its key, type and fields, and bibtool reads it' '
	RBSEARCH_DB=zix "$BIN/rbsearch" --format bibtex -n 30 "Union OR Belarus" >z.bib &&
	grep -q "^@article{yakovlevgolani2014,$" z.bib &&
	grep -q "journal = {Journal of Eurasian Studies}" z.bib &&
	grep -q "doi = {10.1016/j.euras.2014.05.002}" z.bib &&
	grep -q "author = {Yakovlev-Golani, Hanna and Petrovich, Anna}" z.bib &&
	bibtool -q -o zt.bib ./z.bib 2>bterr && test ! -s bterr
'

# pandoc reads a bibliography and writes it as CSL-JSON: the items, compared
# by id, type and title.
items () {
	jq -c "map({id, type, title: .title}) | sort_by(.id)" "$1"
}

test_expect_success 'CSL-JSON out round-trips through pandoc to the same items' '
	RBSEARCH_DB=zix "$BIN/rbsearch" --format csl-json -n 30 "Union OR Belarus" >out.json &&
	jq -e "length == 4 and (map(.id) | index(\"yakovlevgolani2014\")) != null" out.json &&
	pandoc -f csljson -t csljson out.json >back.json &&
	items out.json >a && items back.json >b && test_cmp a b
'

test_expect_success 'BibTeX out reads back in pandoc as the same items as CSL-JSON out' '
	RBSEARCH_DB=zix "$BIN/rbsearch" --format csl-json -n 30 "Union OR Belarus" >z.json &&
	pandoc -f bibtex -t csljson z.bib >zb.json &&
	jq -c "map({id, title}) | sort_by(.id)" z.json >a &&
	jq -c "map({id, title}) | sort_by(.id)" zb.json >b && test_cmp a b
'

test_expect_success 'pandoc --citeproc cites the pasted key with the library'"'"'s data' '
	RBSEARCH_DB=zix "$BIN/rbsearch" --color=never -n 1 "key:yakovlevgolani2014" >hit.txt &&
	cite=$(sed -n "s/^ *cite key //p" hit.txt) &&
	case $cite in "[@yakovlevgolani2014, p. "*"]") ;; *) false ;; esac &&
	printf "As argued %s.\n" "$cite" >paper.md &&
	pandoc --citeproc --bibliography=out.json -t plain --wrap=none paper.md >paper.txt &&
	grep -q "Yakovlev-Golani and Petrovich 2014, 1" paper.txt &&
	grep -q "Journal of Eurasian Studies" paper.txt
'

test_expect_success 'a malformed BibTeX entry is named by file and line, the rest is read' '
	test_must_fail_with 1 "$BIN/rbindex" --db mix --library "$TOP/tests/data/bib/malformed.bib" corpus 2>err &&
	grep -q "malformed.bib:9: entry skipped" err &&
	grep -q "malformed.bib.: 2 entries, describing 2 documents" err
'

test_expect_success 'not a Zotero database, or one without the tables needed: a clear error' '
	mkdir -p nz && printf "not a database at all, just some bytes\n" >nz/zotero.sqlite &&
	test_must_fail_with 1 "$BIN/rbindex" --db nzix --library nz 2>err &&
	grep -q "skipping library: .*nz/zotero.sqlite. is not a Zotero database" err &&
	mkdir -p oz && sqlite3 oz/zotero.sqlite "CREATE TABLE items (itemID INTEGER PRIMARY KEY);" &&
	test_must_fail_with 1 "$BIN/rbindex" --db ozix --library oz 2>err &&
	grep -q "is not a Zotero database this version reads: it has no table .itemTypes." err &&
	test_must_fail_with 1 "$BIN/rbindex" --db ozix --library corpus/000_480e562798b87219.txt 2>err &&
	grep -q "is not a library rbindex reads" err
'

test_expect_success 'nothing a library says reads a file outside the paths given' '
	mkdir -p sec/docs sec/outside && echo "secret words of the outside" >sec/outside/secret.txt &&
	echo "Belarus inside" >sec/docs/in.txt &&
	printf "@misc{evil,\n title = {Evil},\n file = {:../outside/secret.txt:Text;:../../../../../../etc/passwd:Text}\n}\n" >sec/docs/lib.bib &&
	"$BIN/rbindex" --db six --library sec/docs/lib.bib sec/docs 2>err &&
	! RBSEARCH_DB=six "$BIN/rbsearch" secret &&
	! RBSEARCH_DB=six "$BIN/rbsearch" root &&
	sh "$TOP/tests/data/zotero/make.sh" "$TMP/z3/Zotero" &&
	rm "$TMP/z3/Zotero/storage/N7BX3C2M/"*.pdf &&
	ln -s "$TMP/sec/outside/secret.txt" "$TMP/z3/Zotero/storage/N7BX3C2M/Yakovlev-Golani - 2014 - The Union State.pdf" &&
	test_must_fail_with 1 "$BIN/rbindex" --db z3ix --library "$TMP/z3/Zotero" 2>err &&
	grep -q "a link out of the Zotero directory" err &&
	! RBSEARCH_DB=z3ix "$BIN/rbsearch" secret
'

test_done
