#!/bin/sh
# make.sh - remake the PDF fixtures of tests/unit/test_pdf.c.  Run by hand
# (as root it installs its tools); the tests only read the committed files.
#
#   union.pdf       weasyprint: 4 A5 pages of prose, a running head and page
#                   numbers (@page margin boxes), numbered footnotes
#                   (float: footnote) in small type, a word hyphenated across
#                   lines (hyphens: auto, with an ASCII hyphen, which plain
#                   pdftotext joins to the next line), literal ligature characters (U+FB01,
#                   U+FB02), a Cyrillic sentence, title/author/date metadata
#   columns.pdf     weasyprint: two CSS columns; title "Microsoft Word -
#                   draft3.docx", author "Administrator" (junk metadata)
#   locked.pdf      qpdf from union.pdf: AES-256, user password "secret"
#   restricted.pdf  qpdf from union.pdf: empty user password, owner password,
#                   printing and copying forbidden
#   scan.pdf        pdftoppm + img2pdf: page 1 of union.pdf as a grey image,
#                   no text layer
#   truncated.pdf   head -c 1200 of union.pdf
#   pages.pdf       weasyprint: 5 A6 pages, a running head, page numbers
#                   set high in a wide foot (at 83% of the page's height);
#                   a paragraph that runs over from page 1 to 2 mid-sentence,
#                   with a footnote on each page; one that ends page 2
#                   without a full stop before a heading; a word hyphenated
#                   (U+2010) over the break from page 3 to 4; a page that
#                   starts in lower case after a full stop
#   hyphens.pdf     weasyprint: words hyphenated at line ends with U+2010
#                   (its default hyphenate-character) and with U+2011, and a
#                   compound broken at its U+2010 before a capital
set -eu
cd "$(dirname "$0")"
if [ "$(id -u)" = 0 ]; then
	apt-get install -y weasyprint python3-pyphen qpdf poppler-utils img2pdf fonts-dejavu-core >/dev/null
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/rbpdf.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

cat >"$tmp/union.html" <<'HTML'
<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>The Union State Under Strain</title>
<meta name="author" content="Anna Petrovich">
<meta name="dcterms.created" content="2014-05-13T09:30:00Z">
<style>
@page { size: A5; margin: 22mm 18mm 24mm 18mm;
  @top-center { content: "Russia and Belarus: The Union State Under Strain"; font: 8pt "DejaVu Serif"; }
  @bottom-center { content: counter(page); font: 9pt "DejaVu Serif"; } }
body { font: 10.5pt/1.35 "DejaVu Serif"; text-align: justify; hyphens: auto;
  hyphenate-character: "-"; }
h1 { font-size: 14pt; hyphens: none; }
.fn { float: footnote; font-size: 7.5pt; text-align: left; hyphens: none; }
::footnote-call { font-size: 6.5pt; vertical-align: super; line-height: 0; }
::footnote-marker { content: counter(footnote) " "; }
p.ru { hyphens: none; }
</style></head><body>
<h1>The Union State Under Strain</h1>
<p>Relations between Moscow and Minsk have rarely been as warm as the official
language of the Union State suggests. The treaty signed in December 1999 promised
a common currency, a common parliament and a common market, yet two decades later
most of its institutions exist only on paper.<span class="fn">Yury Tsarik, “The Union
State at Twenty,” Belarus Digest, 8 December 2019.</span> Alexander Lukashenka has
treated integration as a bargaining chip rather than a goal, trading declarations of
brotherhood for subsidised energy.</p>
<p>The ﬁrst serious crisis came with the gas dispute of 2004, when Gazprom cut
supplies to Belarus for a day in order to force the sale of Beltransgaz.<span
class="fn">Margarita Balmaceda, Living the High Life in Minsk (Budapest: CEU Press,
2014), 112.</span> A second, sharper dispute followed in January 2007, when the
price of gas was raised and Russia imposed a duty on the oil that Belarus refined
and sold on to Europe. Such conﬂicts revealed how much the Belarusian economic model
depended on a ﬂow of cheap hydrocarbons from its eastern neighbour.</p>
<p>Scholars such as Yakovlev-Golani have described this pattern as asymmetric
interdependence: Russia holds the energy, but Belarus holds the pipelines and the
symbolic capital of being Moscow’s last reliable ally in the west. The
Druzhba pipeline and the Yamal–Europe gas pipeline both cross Belarusian territory,
and every interruption of transit reverberated in Warsaw and Berlin.<span
class="fn">Elena Yakovlev-Golani, “Russia and Belarus: Asymmetric Interdependence,”
Europe-Asia Studies 63, no. 2 (2011): 48–49.</span></p>
<p class="ru">В Минске говорили, что Лукашенко никогда не отдаст суверенитет
Беларуси, даже ради дешёвого газа.</p>
<p>The tax manoeuvre of 2015, by which Russia gradually moved the taxation of its oil
sector from export duties to extraction, threatened to cost the Belarusian budget
several billion dollars a year. Minsk demanded compensation, and Moscow replied that
compensation could only come with deeper integration: the roadmaps of 2019 proposed
harmonised taxation, a single regulator of energy markets and common customs
administration. Negotiations stalled repeatedly, as the Belarusian side insisted that
sovereignty was not for sale.<span class="fn">Artyom Shraibman, “The House That
Lukashenka Built,” Carnegie Moscow Center, 28 February 2018.</span></p>
<p>The disputed election of August 2020 and the protests that followed changed the
balance decisively. Isolated from the West, Lukashenka accepted a loan of fifteen
hundred million dollars and the presence of Russian security forces as guarantors of
his rule. The integration programmes signed in November 2021 were narrower than the
roadmaps, but they came at a moment when Minsk had few alternatives left.</p>
<p>Observers disagree about what this means for the future of the relationship.
Some see a slow absorption, in which Belarus keeps the outward forms of statehood
while losing control of its economy, its information space and its army. Others
point to the resilience of the Belarusian bureaucracy, which has survived every
previous attempt at deeper integration by agreeing in principle and delaying in
practice.<span class="fn">Kamil Kłysiński, “The Belarusian Economy after 2020,”
OSW Commentary 410, 2021.</span> Either way, the Union State has become less a
framework for partnership than an instrument of dependence, and its history is
best read as a chronicle of disputes over gas, oil and money.</p>
<p>The relationship also has a cultural dimension that economic accounts tend to
miss. Russian remains the dominant language of public life in Belarus, and Russian
television long shaped the way Belarusians saw the world. After 2020 the space for
Belarusian-language culture narrowed further, and many writers, musicians and
journalists left for Vilnius, Warsaw or Kyiv. Whether the Union State will outlast
the generation that built it is an open question.</p>
</body></html>
HTML

cat >"$tmp/columns.html" <<'HTML'
<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Microsoft Word - draft3.docx</title>
<meta name="author" content="Administrator">
<style>
@page { size: A5; margin: 18mm 15mm; }
body { font: 9.5pt/1.3 "DejaVu Serif"; columns: 2; column-gap: 8mm; }
</style></head><body>
<p>Left column first. The oil dispute of January 2010 began when Russia
refused to extend duty-free supplies of crude oil beyond what Belarusian
refineries needed for the home market. Minsk answered by threatening to
raise transit fees on the Druzhba pipeline, and for several days the flow
of oil to Poland and Germany was in doubt. The two governments reached a
compromise at the end of the month, but the episode showed once again how
fragile the energy relationship had become. This paragraph ends the left column.</p>
<p>Right column first. In the months that followed, the Russian media
launched an unprecedented campaign against Lukashenka, broadcasting a
documentary series that accused him of corruption and of responsibility for
the disappearance of opposition politicians. Minsk responded by courting
the European Union and China, although neither could replace Russian energy
subsidies. The customs union of Russia, Belarus and Kazakhstan nevertheless
came into force in July 2010, a reminder that quarrels and integration
often went hand in hand. This paragraph ends the right column.</p>
</body></html>
HTML

cat >"$tmp/pages.html" <<'HTML'
<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Pipelines and Pages</title>
<meta name="author" content="Anna Petrovich">
<style>
@page { size: A6; margin: 14mm 12mm 26mm 12mm;
  @top-center { content: "Pipelines and Pages"; font: 7pt "DejaVu Serif"; }
  @bottom-center { content: counter(page); font: 8pt "DejaVu Serif"; vertical-align: top; } }
body { font: 9pt/1.35 "DejaVu Serif"; text-align: justify; hyphens: none; }
h1 { font-size: 13pt; }
h2 { font-size: 11pt; }
.fn { float: footnote; font-size: 6.5pt; text-align: left; }
::footnote-call { font-size: 5.5pt; vertical-align: super; line-height: 0; }
::footnote-marker { content: counter(footnote) " "; }
.next { break-before: page; }
</style></head><body>
<h1>Pipelines and Pages</h1>
<p>The Druzhba pipeline has carried Russian crude oil across Belarus since the
early 1960s, and for most of that time the transit fees it earned were a
modest line in the budget of the Byelorussian republic. After 1991 the same
pipe became an instrument of leverage for both sides: Minsk could threaten
to slow the flow to Poland and Germany, while Moscow could threaten to
divert it to the Baltic ports.<span class="fn">Margarita Balmaceda, Living
the High Life in Minsk (Budapest: CEU Press, 2014), 87.</span> The dispute
of January 2007, when Belarus imposed a transit duty and Transneft briefly
stopped pumping, showed how quickly a quarrel over prices could become a
quarrel over sovereignty, and how little either government was willing to
concede in public while both negotiated in private over the price of crude
oil, the export duties on refined products and the share of the Belarusian
refineries that Russian companies were allowed to buy on favourable terms,
a question that was never settled to the satisfaction of either
party.<span class="fn">Elena Yakovlev-Golani, “Russia and Belarus:
Asymmetric Interdependence,” Europe-Asia Studies 63 (2011): 48.</span>
The compromise of that month lasted barely a year.</p>
<p>Refineries at Novopolotsk and Mozyr turned the cheap crude into diesel
for European markets, as the table below shows</p>
<h2 class="next">Gas</h2>
<p>Gas followed the same pattern, with Beltransgaz at its centre and the
Yamal&#x2010;Europe pipeline as its second route to the west. Gazprom bought
half of the company in 2007 and the rest in 2011, after years in which
Minsk had refused to sell at any price that Moscow was willing to pay for
the trans&#x2010;</p>
<p class="next">mission network, the storage sites and the right to set
transit tariffs. The price was five billion dollars.</p>
<p class="next">and yet the sale settled nothing.</p>
</body></html>
HTML

cat >"$tmp/hyphens.html" <<'HTML'
<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Hyphens</title>
<style>
@page { size: A6; margin: 12mm; }
body { font: 9pt/1.35 "DejaVu Serif"; text-align: justify; hyphens: auto; }
p.nb { hyphenate-character: "\2011"; }
p.none { hyphens: manual; }
</style></head><body>
<p>Negotiations between the delegations continued throughout the autumn, and
representatives introduced considerable amendments concerning hydrocarbons,
transportation and intergovernmental institutions.</p>
<p class="nb">Parliamentarians complained that extraordinary compensation
arrangements remained unimplementable, notwithstanding interminable
consultations.</p>
<p class="none">Scholars such as Yakovlev&#x2010;<br>Golani describe asym&shy;metric
inter&shy;dependence, and military&#x2010;<br>industrial cooperation survived.</p>
</body></html>
HTML

weasyprint "$tmp/union.html" union.pdf
weasyprint "$tmp/pages.html" pages.pdf
weasyprint "$tmp/hyphens.html" hyphens.pdf
weasyprint "$tmp/columns.html" columns.pdf
qpdf --encrypt secret owner-pw 256 -- union.pdf locked.pdf
qpdf --encrypt "" owner-pw 256 --print=none --modify=none --extract=n -- union.pdf restricted.pdf
pdftoppm -f 1 -l 1 -r 50 -mono -png union.pdf "$tmp/scan"
img2pdf -o scan.pdf "$tmp"/scan*.png
head -c 1200 union.pdf >truncated.pdf
ls -l ./*.pdf
